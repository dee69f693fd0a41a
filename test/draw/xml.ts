/**
 * A small XML well-formedness check for the drawings (no XML parser is a dependency): every tag is
 * closed in order, attribute values are quoted, `&` starts a known entity, and text holds no `<`.
 * The Chromium test parses the same SVG with the browser's DOMParser as well.
 */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < text.length && problems.length < 5) {
    const lt = text.indexOf("<", i);
    const chunk = text.slice(i, lt === -1 ? text.length : lt);
    const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(chunk);
    if (bad) problems.push(`bad entity at ${i + bad.index}: ${chunk.slice(bad.index, bad.index + 12)}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(text);
    if (m === null) {
      problems.push(`malformed tag at ${lt}: ${text.slice(lt, lt + 40)}`);
      break;
    }
    const [, close, name, attrs, self] = m;
    for (const a of attrs!.matchAll(/="([^"]*)"/g)) {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(a[1]!)) problems.push(`bad entity in attribute of <${name}>`);
    }
    if (close === "/") {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}> at ${lt}`);
    } else if (self !== "/") stack.push(name!);
    i = tag.lastIndex;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(" > ")}`);
  return problems;
}
