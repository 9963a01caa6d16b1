import { describe, expect, it } from 'vitest';
import { escapeHtml, httpUrl, inert } from './common.js';

describe('inert: register text that cannot act', () => {
  it('shows control, bidi and non-characters as [U+XXXX], keeps tabs and line breaks, normalises CR LF', () => {
    expect(inert('a\u0000b\u0007c\u001bd\u007fe\u0085f')).toBe('a[U+0000]b[U+0007]c[U+001B]d[U+007F]e[U+0085]f');
    expect(inert('x\u202Ey\u2066z\u200Fw\u061C')).toBe('x[U+202E]y[U+2066]z[U+200F]w[U+061C]');
    expect(inert('one\r\ntwo\rthree\n\tfour')).toBe('one\ntwo\nthree\n\tfour');
    expect(inert('\uFFFE\uFFFF')).toBe('[U+FFFE][U+FFFF]');
    // a lone surrogate is shown; a pair (an emoji) is kept
    expect(inert('a\uD800b\uDC00c')).toBe('a[U+D800]b[U+DC00]c');
    expect(inert('ok 😀 Zoë مرحبا')).toBe('ok 😀 Zoë مرحبا');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml('<a href="x" title=\'y\'>&amp;</a>')).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('httpUrl: the only URLs that become links', () => {
  it('keeps absolute http and https URLs', () => {
    expect(httpUrl('https://github.com/fastify/fastify')).toBe('https://github.com/fastify/fastify');
    expect(httpUrl('http://example.com/a?b=c#d')).toBe('http://example.com/a?b=c#d');
  });

  it('refuses every other scheme, relative paths, credentials and padded text', () => {
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd',
      'vbscript:x', '//evil.example/x', '/relative', 'github.com/x', 'https://user:pw@example.com/', ' https://example.com', '', undefined]) {
      expect(httpUrl(bad)).toBeUndefined();
    }
  });

  it('percent-encodes what could end an attribute or a Markdown link', () => {
    expect(httpUrl('https://example.com/a"b\'c(d)<e> f')).toBe('https://example.com/a%22b%27c%28d%29%3Ce%3E%20f');
  });
});
