import { describe, expect, it } from 'vitest';
import { replaceSection } from './doc-section.mjs';

describe('replaceSection', () => {
  it('replaces only its own section, keeping the sections before and after it', () => {
    const page = '# Benchmarks\n\nIntro.\n\n## Protocol\n\nframes\n\n## Engine\n\nold\n\n### Old table\n\nrows\n\n## Host\n\nspawn\n';
    expect(replaceSection(page, '## Engine', 'new')).toBe(
      '# Benchmarks\n\nIntro.\n\n## Protocol\n\nframes\n\n## Engine\n\nnew\n\n## Host\n\nspawn\n',
    );
  });

  it('replaces a section that ends the page', () => {
    expect(replaceSection('# B\n\n## Protocol\n\nx\n\n## Engine\n\nold\nolder\n', '## Engine', 'new\n')).toBe(
      '# B\n\n## Protocol\n\nx\n\n## Engine\n\nnew\n',
    );
  });

  it('appends the section to a page that does not have it', () => {
    expect(replaceSection('# B\n\nIntro.\n\n## Protocol\n\nx\n', '## Engine', 'new')).toBe(
      '# B\n\nIntro.\n\n## Protocol\n\nx\n\n## Engine\n\nnew\n',
    );
  });

  it('does not take a longer heading that starts the same way for its own', () => {
    expect(replaceSection('# B\n\n## Engine internals\n\nkeep\n', '## Engine', 'new')).toBe(
      '# B\n\n## Engine internals\n\nkeep\n\n## Engine\n\nnew\n',
    );
  });
});
