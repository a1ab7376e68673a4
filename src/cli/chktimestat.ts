#!/usr/bin/env node
/** `chktimestat`: the seed's name for `ptpcam timestat`, with the same options. */
import { runAsProcess } from './main.js';

runAsProcess('timestat');
