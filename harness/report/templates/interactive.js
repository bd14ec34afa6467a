// Interactive charts: replaces each chart's static SVG with a vega-embed view of the same spec
// (tooltips; drag to pan and scroll to zoom where a chart allows it). Static SVG stays when this fails.
(function () {
  'use strict';
  if (typeof vegaEmbed !== 'function') return;
  var figures = document.querySelectorAll('figure.chart');
  Array.prototype.forEach.call(figures, function (fig) {
    var specEl = fig.querySelector('script[type="application/json"]');
    var body = fig.querySelector('.chart-body');
    if (!specEl || !body) return;
    var spec = JSON.parse(specEl.textContent);
    var target = document.createElement('div');
    target.className = 'chart-live';
    vegaEmbed(target, spec, {
      renderer: 'svg',
      actions: { export: true, source: false, compiled: false, editor: false },
      tooltip: { theme: 'light' },
    })
      .then(function () {
        body.replaceChildren(target);
        fig.classList.add('is-interactive');
      })
      .catch(function (err) {
        console.warn('slimbench: keeping the static chart ' + fig.id + ': ' + err);
      });
  });
})();
