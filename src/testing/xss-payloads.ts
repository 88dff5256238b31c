/**
 * The XSS corpus: text a user may type that must stay text wherever it is shown (HTML pages, KML balloons, the
 * public site). Tests put each into stored fields and check it comes back unchanged and inert.
 */
export const XSS_PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  ']]><x>',
  '<![CDATA[<script>alert(1)</script>]]>',
  '&lt;b&gt;bold&lt;/b&gt; &amp; &#60;i&#62;',
  '" onmouseover="x',
  "' onfocus='x' autofocus='",
  'javascript:alert(1)',
  '<a href="javascript:alert(1)">点我</a>',
  '<svg/onload=alert(1)>',
  '<!-- 注释 --><style>*{display:none}</style>',
  '第一行 <b>\n第二行 </b>',
] as const;
