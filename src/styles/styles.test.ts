import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PHONE_MAX_WIDTH_PX, WIDE_MIN_WIDTH_PX } from './breakpoints';

const src = fileURLToPath(new URL('../', import.meta.url));
const cssFiles = (readdirSync(src, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.css'))
  .map((file) => file.split(path.sep).join('/'))
  .sort();
const read = (file: string) => readFileSync(path.join(src, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

const NAMED_COLOURS =
  'aliceblue|antiquewhite|aqua|aquamarine|azure|beige|bisque|black|blanchedalmond|blue|blueviolet|brown|burlywood|cadetblue|chartreuse|chocolate|coral|cornflowerblue|cornsilk|crimson|cyan|darkblue|darkcyan|darkgoldenrod|darkgray|darkgreen|darkgrey|darkkhaki|darkmagenta|darkolivegreen|darkorange|darkorchid|darkred|darksalmon|darkseagreen|darkslateblue|darkslategray|darkslategrey|darkturquoise|darkviolet|deeppink|deepskyblue|dimgray|dimgrey|dodgerblue|firebrick|floralwhite|forestgreen|fuchsia|gainsboro|ghostwhite|gold|goldenrod|gray|green|greenyellow|grey|honeydew|hotpink|indianred|indigo|ivory|khaki|lavender|lavenderblush|lawngreen|lemonchiffon|lightblue|lightcoral|lightcyan|lightgoldenrodyellow|lightgray|lightgreen|lightgrey|lightpink|lightsalmon|lightseagreen|lightskyblue|lightslategray|lightslategrey|lightsteelblue|lightyellow|lime|limegreen|linen|magenta|maroon|mediumaquamarine|mediumblue|mediumorchid|mediumpurple|mediumseagreen|mediumslateblue|mediumspringgreen|mediumturquoise|mediumvioletred|midnightblue|mintcream|mistyrose|moccasin|navajowhite|navy|oldlace|olive|olivedrab|orange|orangered|orchid|palegoldenrod|palegreen|paleturquoise|palevioletred|papayawhip|peru|pink|plum|powderblue|purple|rebeccapurple|red|rosybrown|royalblue|saddlebrown|salmon|sandybrown|seagreen|seashell|sienna|silver|skyblue|slateblue|slategray|slategrey|snow|springgreen|steelblue|tan|teal|thistle|tomato|turquoise|violet|wheat|white|whitesmoke|yellow|yellowgreen';
/** A literal colour in a declaration's value: hex, rgb()/hsl()-style functions or a named colour. */
const LITERAL_COLOUR = new RegExp(
  `#[0-9a-f]{3,8}\\b|\\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\\(|(?<![\\w-])(?:${NAMED_COLOURS})(?![\\w-])`,
  'i',
);

/** Every declaration value of a stylesheet (selectors and at-rule preludes left out). */
function declarationValues(css: string): string[] {
  const values: string[] = [];
  for (const block of css.matchAll(/\{([^{}]*)\}/g))
    for (const declaration of block[1]!.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon > 0) values.push(`${declaration.slice(0, colon).trim()}: ${declaration.slice(colon + 1).trim()}`);
    }
  return values;
}

describe('stylesheets', () => {
  it('finds the stylesheets', () => {
    expect(cssFiles).toContain('styles/tokens.css');
    expect(cssFiles).toContain('styles/base.css');
    expect(cssFiles.length).toBeGreaterThan(10);
  });

  it('keeps literal colours in tokens.css only', () => {
    const offending = cssFiles
      .filter((file) => file !== 'styles/tokens.css')
      .flatMap((file) =>
        declarationValues(read(file))
          .filter((declaration) => LITERAL_COLOUR.test(declaration.slice(declaration.indexOf(':') + 1)))
          .map((declaration) => `${file}: ${declaration}`),
      );
    expect(offending).toEqual([]);
  });

  it('defines every custom property it uses in tokens.css', () => {
    const defined = new Set([...read('styles/tokens.css').matchAll(/(--[\w-]+)\s*:/g)].map((match) => match[1]));
    const used = new Set(
      cssFiles.flatMap((file) => [...read(file).matchAll(/var\((--[\w-]+)/g)].map((match) => match[1])),
    );
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
  });

  it('uses only the breakpoints of breakpoints.ts in @media', () => {
    const allowed = { 'max-width': PHONE_MAX_WIDTH_PX, 'min-width': WIDE_MIN_WIDTH_PX };
    const queries = cssFiles.flatMap((file) =>
      [...read(file).matchAll(/@media([^{]*)\{/g)].flatMap((media) =>
        [...media[1]!.matchAll(/\(\s*([\w-]+)\s*:\s*([^)]*)\)/g)].map((feature) => ({
          file,
          feature: feature[1]!,
          value: feature[2]!.trim(),
        })),
      ),
    );
    expect(queries.length).toBeGreaterThan(0);
    const wrong = queries.filter(
      (query) => !(query.feature in allowed) || query.value !== `${allowed[query.feature as keyof typeof allowed]}px`,
    );
    expect(wrong).toEqual([]);
    expect(cssFiles.flatMap((file) => [...read(file).matchAll(/@media[^{]*[<>]=?/g)])).toEqual([]);
  });
});
