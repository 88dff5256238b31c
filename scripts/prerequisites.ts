/**
 * The system packages `npm test` needs, checked before it starts (`pretest`). When one is missing: as root with
 * apt-get, install it (`apt-get update` once, then `apt-get install`); otherwise stop at once with exit code 1 and
 * the one command that installs them all.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Prerequisite {
  /** The Debian package that provides it. */
  debianPackage: string;
  why: string;
  /** True when it is installed. */
  present: () => boolean;
  /** Only checked when this returns true (default: always). */
  wanted?: () => boolean;
}

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const dpkgInstalled = (name: string) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes(
    'install ok installed',
  ) ?? false;

export const PREREQUISITES: readonly Prerequisite[] = [
  {
    debianPackage: 'chromium',
    why: 'the browser tests (tests/*.spec.ts) and the screenshots drive Debian Chromium',
    present: () => onPath('chromium'),
  },
  {
    debianPackage: 'fonts-noto-cjk',
    why: 'Chinese labels and pages render as boxes in headless Chromium without a CJK font',
    present: () => dpkgInstalled('fonts-noto-cjk'),
  },
  {
    debianPackage: 'gdal-bin',
    why: 'the GIS export and OGC API tests read the answers back with ogrinfo/ogr2ogr',
    present: () => onPath('ogrinfo'),
  },
  {
    // The PostgreSQL backend's tests start a throwaway cluster (src/testing/postgres-cluster.ts); the P6 join
    // benchmark uses it too.
    debianPackage: 'postgresql-15-postgis-3',
    why: 'PostgreSQL 15 + PostGIS 3: the PostgreSQL backend tests start a throwaway cluster',
    present: () => existsSync('/usr/share/postgresql/15/extension/postgis.control'),
  },
];

/** The packages of `list` that are wanted and missing. */
export function missingPackages(list: readonly Prerequisite[]): string[] {
  return list.filter((item) => (item.wanted?.() ?? true) && !item.present()).map((item) => item.debianPackage);
}

function run(command: string, args: string[]) {
  console.log(`prerequisites: ${command} ${args.join(' ')}`);
  execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function main() {
  const missing = missingPackages(PREREQUISITES);
  if (missing.length === 0) {
    console.log(`prerequisites: ok (${PREREQUISITES.filter((item) => item.wanted?.() ?? true).length} checked)`);
    return;
  }
  for (const name of missing) {
    console.log(`prerequisites: missing ${name}: ${PREREQUISITES.find((item) => item.debianPackage === name)!.why}`);
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath('apt-get')) {
    console.error(`\nInstall them, then run npm test again:\n\n  sudo apt-get install -y ${missing.join(' ')}\n`);
    process.exit(1);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
  const still = missingPackages(PREREQUISITES);
  if (still.length > 0) {
    console.error(`prerequisites: still missing after apt-get install: ${still.join(' ')}`);
    process.exit(1);
  }
}

main();
