#!/usr/bin/env node
/** `ptp-sync-check`: the seed's name for `ptpcam check`, with the same options. */
import { runAsProcess } from './main.js';

runAsProcess('check');
