// The Aravis half of the driver contract. The addon talks GVCP from the process that loads it, so this runs
// as a child inside the lab's host namespace (`ip netns exec`), prints TAP on stdout, and the parent test
// (../driverContract.test.ts) parses it as a subtest:
//   node --import tsx test/native/contract/aravisChild.ts '<fixture JSON>'
import t from 'tap';

import { driverContract, type ContractFixture } from './suite.js';

// `tap test/native/` runs every .ts file; without its fixture argument this is not a test.
if (process.argv.length <= 2) {
  t.pass('entry point of the Aravis contract child; run by driverContract.test.ts');
} else {
  const raw = JSON.parse(process.argv[2]!) as Omit<ContractFixture, 'offsetNs' | 'intValue'> & { offsetNs: string; intValue: string };
  const fx: ContractFixture = { ...raw, offsetNs: BigInt(raw.offsetNs), intValue: BigInt(raw.intValue) };
  // A lost camera must end the child, not hang it: the parent also kills it at lab teardown.
  setTimeout(() => {
    process.stderr.write('aravis contract child: giving up after 240 s\n');
    process.exit(3);
  }, 240_000).unref();
  // Inside a subtest: the root test would end at the suite's first await between its own subtests.
  t.test(`${fx.backend} driver contract`, (t) => driverContract(t, fx));
}
