/** The tool's identity, read from package.json once (never from the scanned tree). */
import { readFileSync } from 'node:fs';
import type { ToolInfo } from '../model/finding.js';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const TOOL: ToolInfo = {
  name: 'pipewarden',
  version: manifest.version,
  informationUri: 'https://github.com/pipewarden/pipewarden',
};
