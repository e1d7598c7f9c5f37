// The /docs page: plain HTML, CSS and a small script, served by the API itself (no CDN, no build step).
// The script only uses textContent to show data, and the CSP allows nothing but same-origin resources.

/** Content-Security-Policy of the docs page. */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page shell; the script fills it from /openapi.json. */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mediaplane API</title>
<link rel="stylesheet" href="/docs/app.css">
<script src="/docs/app.js" defer></script>
</head>
<body>
<header>
  <h1>Mediaplane control API</h1>
  <label>API key <input id="api-key" type="password" autocomplete="off" placeholder="mp_..."></label>
  <a href="/openapi.json">openapi.json</a>
</header>
<main id="routes"><p>Loading /openapi.json…</p></main>
</body>
</html>
`;

/** Styles of the docs page. */
export const DOCS_CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
header { display: flex; gap: 1.5rem; align-items: center; padding: .8rem 1.5rem; background: #1d232a; color: #fff; }
header h1 { font-size: 1.1rem; margin: 0; flex: 1; }
header a { color: #9cd1ff; }
header input { width: 22rem; }
main { max-width: 70rem; margin: 1rem auto; padding: 0 1rem; }
h2 { text-transform: capitalize; margin: 1.5rem 0 .5rem; }
details { background: #fff; border: 1px solid #d8dde3; border-radius: 6px; margin: .4rem 0; }
summary { cursor: pointer; padding: .5rem .8rem; display: flex; gap: .8rem; align-items: baseline; }
.method { font: bold 12px monospace; text-transform: uppercase; min-width: 4rem; }
.get { color: #0a6ebd; } .post { color: #178a3c; } .put { color: #b06b00; } .delete { color: #c0282d; } .patch { color: #7a3fb0; }
.path { font-family: monospace; }
.undocumented { color: #888; font-style: italic; }
.body { padding: .3rem 1rem 1rem; border-top: 1px solid #eef0f3; }
label.param { display: block; margin: .3rem 0; }
label.param span { display: inline-block; min-width: 8rem; font-family: monospace; }
textarea { width: 100%; min-height: 8rem; font-family: monospace; }
pre { background: #f1f3f5; padding: .6rem; overflow: auto; max-height: 24rem; }
button { margin-top: .5rem; }
.status { font-weight: bold; }
`;

/** The docs page script: renders each operation with a try-it form. */
export const DOCS_SCRIPT = String.raw`
'use strict';
(function () {
  var keyInput = document.getElementById('api-key');
  keyInput.value = sessionStorage.getItem('mediaplane-api-key') || '';
  keyInput.addEventListener('change', function () { sessionStorage.setItem('mediaplane-api-key', keyInput.value); });

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === 'text') node.textContent = props[k]; else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function resolve(doc, schema) {
    if (schema && schema.$ref) return doc.components.schemas[schema.$ref.split('/').pop()] || {};
    return schema || {};
  }

  function example(schema, depth) {
    if (!schema || depth > 6) return null;
    if (schema.default !== undefined) return schema.default;
    if (schema.enum) return schema.enum[0];
    if (schema.const !== undefined) return schema.const;
    var options = schema.anyOf || schema.oneOf;
    if (options) return example(options[0], depth + 1);
    if (schema.type === 'object' || schema.properties) {
      var out = {};
      Object.keys(schema.properties || {}).forEach(function (k) { out[k] = example(schema.properties[k], depth + 1); });
      return out;
    }
    if (schema.type === 'array') return [];
    if (schema.type === 'integer' || schema.type === 'number') return schema.minimum || 0;
    if (schema.type === 'boolean') return false;
    return 'string';
  }

  function operation(doc, path, method, op) {
    var head = el('summary', {}, [
      el('span', { class: 'method ' + method, text: method }),
      el('span', { class: 'path', text: path }),
      el('span', { class: op['x-undocumented'] ? 'undocumented' : '', text: op['x-undocumented'] ? 'undocumented' : op.summary }),
    ]);
    var body = el('div', { class: 'body' });
    if (op.description) body.appendChild(el('p', { text: op.description }));
    var inputs = {};
    (op.parameters || []).forEach(function (p) {
      var input = el('input', { placeholder: p.required ? 'required' : 'optional' });
      inputs[p.in + ':' + p.name] = input;
      body.appendChild(el('label', { class: 'param' }, [el('span', { text: p.name + ' (' + p.in + ')' }), input]));
    });
    var textarea = null;
    if (op.requestBody) {
      var schema = op.requestBody.content['application/json'].schema;
      textarea = el('textarea');
      textarea.value = JSON.stringify(example(schema, 0), null, 2);
      body.appendChild(el('p', { text: 'JSON body' }));
      body.appendChild(textarea);
      body.appendChild(el('details', {}, [el('summary', { text: 'Body schema' }), el('pre', { text: JSON.stringify(schema, null, 2) })]));
    }
    Object.keys(op.responses || {}).forEach(function (status) {
      var res = op.responses[status];
      var content = res.content && res.content['application/json'];
      var shown = content ? JSON.stringify(resolve(doc, content.schema), null, 2) : '(no body)';
      body.appendChild(el('details', {}, [el('summary', { text: status + ' ' + res.description }), el('pre', { text: shown })]));
    });
    var result = el('div');
    var send = el('button', { type: 'button', text: 'Send' });
    send.addEventListener('click', function () {
      var url = path.replace(/\{([^}]+)\}/g, function (_, name) {
        var input = inputs['path:' + name];
        return input ? encodeURIComponent(input.value).replace(/%2F/gi, '/') : '';
      });
      var query = new URLSearchParams();
      Object.keys(inputs).forEach(function (k) {
        if (k.indexOf('query:') === 0 && inputs[k].value !== '') query.set(k.slice(6), inputs[k].value);
      });
      if (String(query)) url += '?' + query;
      var init = { method: method.toUpperCase(), headers: { authorization: 'Bearer ' + keyInput.value } };
      if (textarea) { init.headers['content-type'] = 'application/json'; init.body = textarea.value; }
      result.replaceChildren(el('p', { text: 'Sending…' }));
      fetch(url, init).then(function (res) {
        return res.text().then(function (text) {
          var pretty = text;
          try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON */ }
          result.replaceChildren(
            el('p', { class: 'status', text: res.status + ' ' + res.statusText + '  ' + init.method + ' ' + url }),
            el('pre', { text: pretty || '(empty)' }));
        });
      }, function (err) { result.replaceChildren(el('p', { text: 'Request failed: ' + err })); });
    });
    body.appendChild(send);
    body.appendChild(result);
    return el('details', {}, [head, body]);
  }

  fetch('/openapi.json').then(function (r) { return r.json(); }).then(function (doc) {
    var main = document.getElementById('routes');
    main.replaceChildren(el('p', { text: doc.info.description }));
    var byTag = {};
    Object.keys(doc.paths).sort().forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        var tag = (op.tags && op.tags[0]) || 'other';
        (byTag[tag] = byTag[tag] || []).push(operation(doc, path, method, op));
      });
    });
    Object.keys(byTag).sort().forEach(function (tag) {
      main.appendChild(el('h2', { text: tag }));
      byTag[tag].forEach(function (node) { main.appendChild(node); });
    });
  }, function (err) {
    document.getElementById('routes').replaceChildren(el('p', { text: 'Could not load /openapi.json: ' + err }));
  });
})();
`;
