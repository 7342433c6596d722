/**
 * Minimal glob matching for config paths: `**` crosses folders, `*` and `?` do not, a pattern
 * without a slash matches a file name anywhere, a pattern ending in `/` matches a folder's contents.
 */
const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let source = '';
  let glob = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (glob.endsWith('/')) glob += '**';
  const anchored = glob.includes('/');
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(anchored ? `^${source}$` : `(?:^|/)${source}$`);
}

export function matchesGlob(path: string, pattern: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    regex = compile(pattern);
    cache.set(pattern, regex);
  }
  return regex.test(path);
}
