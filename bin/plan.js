#!/usr/bin/env node
import { relaunched } from '../dist/cli/launch.js';

// On Linux, plan may run in a child process whose allocator uses huge pages (src/cli/launch.ts); else here.
if (!(await relaunched())) await import('../dist/cli/main.js');
