/** A parsed HTML page for reporter tests: the elements a browser would build, queried plainly. */
import { parse } from 'parse5';

export interface Element {
  tag: string;
  attrs: Map<string, string>;
  children: Element[];
  /** Text of this element and all below it, as a browser's textContent. */
  text: string;
}

interface Parse5Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Parse5Node[];
  content?: Parse5Node;
}

function convert(node: Parse5Node): Element {
  const children: Element[] = [];
  let text = '';
  for (const child of node.childNodes ?? []) {
    if (child.nodeName === '#text') text += child.value ?? '';
    else if (child.nodeName === '#comment') continue;
    else {
      const element = convert(child);
      children.push(element);
      text += element.text;
    }
  }
  return { tag: node.tagName ?? node.nodeName, attrs: new Map((node.attrs ?? []).map((a) => [a.name, a.value])), children, text };
}

export function parseHtml(html: string): Element {
  return convert(parse(html) as unknown as Parse5Node);
}

/** Every element below `root` (depth first, document order) that matches. */
export function findAll(root: Element, matches: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (element: Element): void => {
    for (const child of element.children) {
      if (matches(child)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

export function byTag(tag: string): (element: Element) => boolean {
  return (element) => element.tag === tag;
}

export function byClass(name: string): (element: Element) => boolean {
  return (element) => (element.attrs.get('class') ?? '').split(/\s+/).includes(name);
}

/** Comments anywhere in the page: a hostile `<!--` must never open one. */
export function commentsOf(html: string): string[] {
  const comments: string[] = [];
  const visit = (node: Parse5Node): void => {
    for (const child of node.childNodes ?? []) {
      if (child.nodeName === '#comment') comments.push((child as { data?: string }).data ?? '');
      else visit(child);
    }
  };
  visit(parse(html) as unknown as Parse5Node);
  return comments;
}
