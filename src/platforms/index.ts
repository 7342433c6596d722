/** Every platform adapter pipewarden ships, in the order files are offered to them (Tekton last: it
 * takes any YAML file the others leave, when its text names a tekton.dev API). */
import { githubAdapter } from './github/index.js';
import { gitlabAdapter } from './gitlab/index.js';
import type { PlatformAdapter } from './platform.js';
import { tektonAdapter } from './tekton/index.js';

export const ADAPTERS: PlatformAdapter[] = [githubAdapter, gitlabAdapter, tektonAdapter];
