/**
 * A small XML writer for the NEMSIS export: elements, text, attributes, and the nil-coded
 * form NEMSIS uses for a required element with no value (`xsi:nil="true" NV="..."`).
 */
export interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  /** Text content, or child elements; never both. */
  content?: string | XmlNode[];
}

export function el(
  name: string,
  content?: string | number | XmlNode[] | null,
  attrs?: Record<string, string>,
): XmlNode {
  const node: XmlNode = { name };
  if (attrs) node.attrs = attrs;
  if (content !== undefined && content !== null) node.content = typeof content === 'number' ? String(content) : content;
  return node;
}

/** A required element with no value: empty, `xsi:nil`, and the Not Value saying why. */
export function nil(name: string, nv: string): XmlNode {
  return { name, attrs: { 'xsi:nil': 'true', NV: nv } };
}

/** The element with its value, or nil-coded with `nv` when there is none. */
export function valueOrNil(name: string, value: string | number | undefined | null, nv: string): XmlNode {
  return value === undefined || value === null ? nil(name, nv) : el(name, value);
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

export function serialize(root: XmlNode, rootAttrs: Record<string, string> = {}): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (node: XmlNode, depth: number, extra: Record<string, string>) => {
    const pad = '  '.repeat(depth);
    const attrs = Object.entries({ ...extra, ...node.attrs })
      .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
      .join('');
    if (node.content === undefined || (Array.isArray(node.content) && node.content.length === 0)) {
      lines.push(`${pad}<${node.name}${attrs}/>`);
    } else if (typeof node.content === 'string') {
      // Carriage returns would be normalised away by any XML parser: keep them as references.
      lines.push(`${pad}<${node.name}${attrs}>${escapeText(node.content).replace(/\r/g, '&#13;')}</${node.name}>`);
    } else {
      lines.push(`${pad}<${node.name}${attrs}>`);
      for (const child of node.content) write(child, depth + 1, {});
      lines.push(`${pad}</${node.name}>`);
    }
  };
  write(root, 0, rootAttrs);
  return `${lines.join('\n')}\n`;
}
