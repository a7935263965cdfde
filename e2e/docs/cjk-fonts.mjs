// The docs' screenshots show Korean (the seed's YAML comments, the Korean UI): without a CJK font Chromium
// draws boxes. Installs Debian's fonts-noto-cjk when it is missing (root, as on the project's machines),
// else says what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
if (!existsSync(FONT)) {
  if (process.getuid?.() === 0) {
    console.log('screenshots: installing fonts-noto-cjk with apt (Hangul in the screenshots)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'fonts-noto-cjk'], {
      stdio: 'inherit',
      env,
    });
  } else {
    console.warn(
      'screenshots: no CJK font: Korean text will show as boxes. Install it: apt-get install fonts-noto-cjk',
    );
  }
}
