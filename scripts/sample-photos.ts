/**
 * Draws the ILLUSTRATIVE before/after photo pairs of the sample data (data/sample/photos/): four scenes, each a
 * "before" (messy) and an "after" (cleaned) with the same framing and the same fixed reference object, every picture
 * marked 示例照片 in large letters. They are drawings, not photographs of any place. The JPEGs carry no EXIF: the seed
 * (src/server/modules/photos/sample-photos.ts) writes each task's time and position when it stores them.
 *
 *   npx tsx scripts/sample-photos.ts      # rewrites data/sample/photos/*.jpg and scenes.json
 *
 * Needs a CJK font (Noto Sans CJK SC) for the lettering; only whoever regenerates the pictures needs it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { format, resolveConfig } from 'prettier';
import type { SamplePhotoScenes } from '../src/shared/photos/sample-photos';

const OUT = fileURLToPath(new URL('../data/sample/photos/', import.meta.url));
const W = 640;
const H = 480;
const FONT = "'Noto Sans CJK SC','Noto Sans CJK','Noto Sans',sans-serif";

/** Deterministic PRNG (mulberry32), so the pictures are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Scattered rubbish (bags, boxes, bottles) in a box. */
function litter(seed: number, x: number, y: number, w: number, h: number, count: number): string {
  const next = random(seed);
  const colours = ['#e8e8e8', '#3b6fb6', '#d9482b', '#f2c14e', '#6b8f3a', '#8a5a44', '#222'];
  let out = '';
  for (let i = 0; i < count; i++) {
    const cx = x + next() * w;
    const cy = y + next() * h;
    const size = 6 + next() * 18;
    const fill = colours[Math.floor(next() * colours.length)]!;
    const kind = next();
    if (kind < 0.4) out += `<ellipse cx="${cx}" cy="${cy}" rx="${size}" ry="${size * 0.7}" fill="${fill}"/>`;
    else if (kind < 0.8)
      out += `<rect x="${cx}" y="${cy}" width="${size * 1.4}" height="${size}" fill="${fill}" transform="rotate(${Math.round(next() * 40 - 20)} ${cx} ${cy})"/>`;
    else out += `<rect x="${cx}" y="${cy}" width="${size * 0.4}" height="${size}" rx="2" fill="${fill}"/>`;
  }
  return out;
}

/** The reference object, labelled, at the same place in both pictures of a scene. */
function label(x: number, y: number, text: string): string {
  return `<rect x="${x - 4}" y="${y - 20}" width="${text.length * 17 + 8}" height="26" rx="4" fill="#fff" fill-opacity="0.85"/>
    <text x="${x}" y="${y}" font-family="${FONT}" font-size="16" fill="#b71c1c">${text}</text>`;
}

/** The 示例照片 marking: a large diagonal watermark and a banner saying what the picture is. */
function marking(phase: 'before' | 'after', caption: string): string {
  const phaseText = phase === 'before' ? '整治前' : '整治后';
  return `<g font-family="${FONT}" font-weight="bold">
    <text x="${W / 2}" y="${H / 2 + 30}" font-size="96" text-anchor="middle" fill="#fff" fill-opacity="0.45"
      stroke="#000" stroke-opacity="0.35" stroke-width="2" transform="rotate(-18 ${W / 2} ${H / 2})">示例照片</text>
    <rect x="0" y="0" width="${W}" height="44" fill="#000" fill-opacity="0.6"/>
    <text x="14" y="30" font-size="22" fill="#ffeb3b">示例照片 · 非现场拍摄</text>
    <text x="${W - 14}" y="30" font-size="22" text-anchor="end" fill="#fff">${phaseText}</text>
    <rect x="0" y="${H - 34}" width="${W}" height="34" fill="#000" fill-opacity="0.6"/>
    <text x="14" y="${H - 11}" font-size="16" font-weight="normal" fill="#fff">${caption}（示意图，SAMPLE）</text>
  </g>`;
}

interface Scene {
  key: string;
  caption: string;
  referenceObject: string;
  categories: string[];
  draw(phase: 'before' | 'after'): string;
}

const SCENES: Scene[] = [
  {
    key: 'rubbish',
    caption: '路边空地垃圾堆放清理',
    referenceObject: '电线杆',
    categories: ['R1', 'R2', 'R6', 'U1'],
    draw: (phase) => `
      <rect width="${W}" height="${H}" fill="#cfe3f3"/>
      <rect y="200" width="${W}" height="280" fill="${phase === 'before' ? '#a99a7a' : '#8fb36a'}"/>
      <rect y="380" width="${W}" height="100" fill="#777"/>
      <line x1="0" y1="430" x2="${W}" y2="430" stroke="#eee" stroke-width="4" stroke-dasharray="30 20"/>
      <rect x="40" y="120" width="170" height="90" fill="#d8cfc0"/><polygon points="30,120 125,80 220,120" fill="#6d4c41"/>
      ${phase === 'before' ? litter(11, 230, 250, 320, 110, 90) + '<ellipse cx="400" cy="330" rx="120" ry="30" fill="#6b5b45"/>' + litter(12, 300, 290, 200, 50, 40) : '<rect x="250" y="300" width="260" height="8" fill="#5d8c3a"/>' + '<circle cx="300" cy="280" r="22" fill="#4f7f2e"/><circle cx="470" cy="285" r="26" fill="#4f7f2e"/>'}
      <rect x="560" y="60" width="14" height="330" fill="#8d8d8d"/><rect x="540" y="80" width="54" height="8" fill="#555"/>
      <rect x="556" y="250" width="22" height="30" fill="#fff" stroke="#b71c1c" stroke-width="2"/>
      ${label(460, 240, '参照物：电线杆')}`,
  },
  {
    key: 'river',
    caption: '河道漂浮物和岸边垃圾清理',
    referenceObject: '河长公示牌',
    categories: ['R3', 'R4'],
    draw: (phase) => `
      <rect width="${W}" height="${H}" fill="#d7e8f5"/>
      <rect y="150" width="${W}" height="60" fill="#9e9e9e"/>
      <rect x="0" y="110" width="${W}" height="40" fill="#e0d6c8"/>
      <rect y="210" width="${W}" height="270" fill="${phase === 'before' ? '#6f7f58' : '#4f86a8'}"/>
      ${[0, 1, 2, 3, 4].map((i) => `<path d="M0 ${250 + i * 45} Q ${W / 4} ${240 + i * 45} ${W / 2} ${250 + i * 45} T ${W} ${250 + i * 45}" stroke="#ffffff" stroke-opacity="0.25" fill="none"/>`).join('')}
      ${phase === 'before' ? litter(21, 40, 240, 540, 180, 80) + litter(22, 20, 160, 600, 40, 30) : ''}
      <rect x="480" y="40" width="10" height="120" fill="#555"/><rect x="530" y="40" width="10" height="120" fill="#555"/>
      <rect x="462" y="30" width="96" height="70" fill="#1565c0" stroke="#fff" stroke-width="3"/>
      <text x="510" y="72" font-family="${FONT}" font-size="16" text-anchor="middle" fill="#fff">河长公示牌</text>
      ${label(330, 140, '参照物：河长公示牌')}`,
  },
  {
    key: 'site',
    caption: '工地渣土和建筑垃圾清运、围挡',
    referenceObject: '消防栓',
    categories: ['R5'],
    draw: (phase) => `
      <rect width="${W}" height="${H}" fill="#dde7ee"/>
      <rect y="230" width="${W}" height="250" fill="#b9a98c"/>
      <rect x="0" y="140" width="${W}" height="90" fill="${phase === 'before' ? '#9aa3a8' : '#2e7d32'}"/>
      ${phase === 'after' ? [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `<text x="${20 + i * 80}" y="195" font-family="${FONT}" font-size="18" fill="#fff">文明施工</text>`).join('') : '<rect x="200" y="140" width="120" height="90" fill="#cfd8dc"/>'}
      ${phase === 'before' ? '<polygon points="150,400 260,280 380,400" fill="#7b6a55"/><polygon points="330,410 420,300 520,410" fill="#8d7b66"/>' + litter(31, 120, 330, 420, 90, 70) : '<rect x="150" y="380" width="360" height="20" fill="#9e8e73"/>'}
      <rect x="560" y="300" width="30" height="70" rx="6" fill="#d32f2f"/><rect x="552" y="320" width="46" height="10" fill="#b71c1c"/>
      ${label(430, 290, '参照物：消防栓')}`,
  },
  {
    key: 'street',
    caption: '人行道占道经营和杂乱广告整治',
    referenceObject: '路灯',
    categories: ['S1', 'S2'],
    draw: (phase) => `
      <rect width="${W}" height="${H}" fill="#e3eef7"/>
      <rect x="0" y="70" width="${W}" height="220" fill="#c9b79c"/>
      ${[0, 1, 2, 3].map((i) => `<rect x="${30 + i * 150}" y="150" width="90" height="140" fill="#5d4037"/>`).join('')}
      ${phase === 'before' ? '<rect x="20" y="90" width="200" height="50" fill="#ff1744"/><rect x="240" y="95" width="150" height="40" fill="#ffea00"/><rect x="400" y="85" width="120" height="55" fill="#00c853"/><rect x="130" y="60" width="90" height="30" fill="#2979ff" transform="rotate(-6 175 75)"/>' : '<rect x="30" y="95" width="560" height="40" fill="#37474f"/><text x="310" y="123" font-family="' + FONT + '" font-size="20" text-anchor="middle" fill="#fff">锦溪老街 统一店招</text>'}
      <rect y="290" width="${W}" height="120" fill="#bdbdbd"/>
      ${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `<line x1="${i * 80}" y1="290" x2="${i * 80 - 30}" y2="410" stroke="#9e9e9e"/>`).join('')}
      <rect y="410" width="${W}" height="70" fill="#616161"/>
      ${phase === 'before' ? '<rect x="60" y="300" width="150" height="60" fill="#ff9800"/><rect x="70" y="280" width="130" height="20" fill="#f44336"/><rect x="250" y="320" width="110" height="60" fill="#03a9f4"/>' + litter(41, 60, 350, 400, 50, 40) : ''}
      <rect x="520" y="120" width="10" height="290" fill="#424242"/><path d="M525 125 Q 560 100 585 130" stroke="#424242" stroke-width="8" fill="none"/>
      <ellipse cx="585" cy="135" rx="16" ry="8" fill="#fff59d"/>
      ${label(400, 270, '参照物：路灯')}`,
  },
];

mkdirSync(OUT, { recursive: true });
const manifest: SamplePhotoScenes = { $comment: '', scenes: [] };
manifest.$comment =
  'ILLUSTRATIVE drawings, not photographs: the sample before/after pairs made by scripts/sample-photos.ts, each marked 示例照片. Seeded for a share of the sample tasks (src/server/modules/photos/sample-photos.ts).';
let total = 0;
for (const scene of SCENES) {
  const files = { before: `${scene.key}-before.jpg`, after: `${scene.key}-after.jpg` };
  for (const phase of ['before', 'after'] as const) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${scene.draw(phase)}${marking(phase, scene.caption)}</svg>`;
    const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 62, mozjpeg: true }).toBuffer();
    writeFileSync(path.join(OUT, files[phase]), jpeg);
    total += jpeg.length;
  }
  manifest.scenes.push({
    key: scene.key,
    caption: scene.caption,
    referenceObject: scene.referenceObject,
    categories: scene.categories,
    ...files,
  });
}
const manifestFile = path.join(OUT, 'scenes.json');
writeFileSync(
  manifestFile,
  await format(JSON.stringify(manifest), { ...(await resolveConfig(manifestFile)), parser: 'json' }),
);
console.log(`${SCENES.length * 2} pictures, ${Math.round(total / 1024)} KiB, in ${OUT}`);
