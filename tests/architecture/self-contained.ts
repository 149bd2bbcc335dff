/**
 * The repository is self-contained: code, comments and docs cite only files inside it. This
 * finds references to files outside it (the `../` paths of a sibling checkout, the catalogue
 * and design notes it was once written against) and relative Markdown links whose target does
 * not exist in the tree.
 */
import path from 'node:path';

export interface OutsideReference {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

/** Names of documents that live outside the repository; inside it they are docs/catalogue.md and docs/design.md. */
const OUTSIDE = [
  { re: /\.\.\/shared\//, why: 'a path into a sibling checkout (../shared/)' },
  { re: /(?<![\w/.-])theorems\.md\b/, why: 'theorems.md is not in the repository (the catalogue is docs/catalogue.md)' },
  { re: /(?<![\w/.-])(design|style)\.md\b/, why: 'a design note outside the repository (ours is docs/design.md)' },
];

/** Relative Markdown link targets, [text](target), without the #anchor. */
const LINK = /\]\(((?!https?:|mailto:|#)[^)\s#]+)(?:#[^)]*)?\)/g;

export function outsideReferences(files: ReadonlyMap<string, string>, exists: (repoPath: string) => boolean): OutsideReference[] {
  const out: OutsideReference[] = [];
  for (const [file, text] of files) {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      // Relative link targets are resolved below, so `[x](design.md)` inside docs/ is fine.
      const prose = file.endsWith('.md') ? line.replace(LINK, '](link)') : line;
      for (const o of OUTSIDE) if (o.re.test(prose)) out.push({ file, line: i + 1, text: line.trim(), why: o.why });
      if (file.endsWith('.md')) {
        for (const m of line.matchAll(LINK)) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]));
          if (target.startsWith('..') || !exists(target))
            out.push({ file, line: i + 1, text: m[0], why: `links to ${target}, which is not in the repository` });
        }
      }
    });
  }
  return out;
}
