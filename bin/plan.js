#!/usr/bin/env node
import { relaunched, warmUp } from '../dist/cli/launch.js';

// On Linux, plan may run in a child process whose allocator uses huge pages (src/cli/launch.ts); else here, with the
// worker threads for a large input started first (warmUp).
if (!(await relaunched())) {
  await warmUp();
  await import('../dist/cli/main.js');
}
