/** Every platform adapter pipewarden ships, in the order files are offered to them. */
import { githubAdapter } from './github/index.js';
import { gitlabAdapter } from './gitlab/index.js';
import type { PlatformAdapter } from './platform.js';

export const ADAPTERS: PlatformAdapter[] = [githubAdapter, gitlabAdapter];
