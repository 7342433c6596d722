/**
 * The report's one inline script: the finding filters. Each finding carries its severity, rule,
 * platform and file as data attributes; a finding is shown when it matches every filter that is
 * set. The page's Content-Security-Policy allows this script by its hash, and nothing else.
 */
export const PAGE_SCRIPT = `
(() => {
  const selects = Array.from(document.querySelectorAll('select[data-filter]'));
  const findings = Array.from(document.querySelectorAll('article.finding'));
  const shown = document.getElementById('shown-count');
  const none = document.getElementById('no-match');
  const apply = () => {
    const wanted = selects.filter((s) => s.value !== '').map((s) => [s.dataset.filter, s.value]);
    let count = 0;
    for (const finding of findings) {
      const visible = wanted.every(([key, value]) => finding.dataset[key] === value);
      finding.hidden = !visible;
      if (visible) count++;
    }
    shown.textContent = String(count);
    none.hidden = count > 0 || findings.length === 0;
  };
  for (const select of selects) select.addEventListener('change', apply);
  document.getElementById('reset-filters').addEventListener('click', () => {
    for (const select of selects) select.value = '';
    apply();
  });
  apply();
})();
`;
