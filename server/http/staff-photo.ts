/**
 * Placeholder portrait for a clerk without a photo file: the surname on a
 * calm background, so a window screen never shows a broken image. Halls drop
 * real photos (<工号>.jpg/png/svg) into the photos folder to replace it.
 */
export function staffPhotoSvg(name: string): string {
  const initial = escapeXml([...name][0] ?? '?');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320" viewBox="0 0 240 320">
<rect width="240" height="320" fill="#dbe7f3"/><circle cx="120" cy="120" r="70" fill="#9fb8d3"/>
<rect x="40" y="200" width="160" height="120" rx="60" fill="#9fb8d3"/>
<text x="120" y="145" font-size="72" text-anchor="middle" fill="#1f3b57" font-family="WenQuanYi Zen Hei, sans-serif">${initial}</text>
</svg>`;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
