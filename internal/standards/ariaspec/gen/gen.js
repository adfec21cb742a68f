#!/usr/bin/env node
// gen.js turns the role and attribute maps of the npm package aria-query into
// ../aria.json, the table that package ariaspec embeds.
//
// Usage: node gen/gen.js DIR OUT
//   DIR  the installed aria-query package (the folder holding package.json)
//   OUT  the JSON file to write
//
// gen.sh installs a pinned aria-query into a temporary folder and runs this
// script; `go generate ./internal/standards/ariaspec` calls gen.sh. The output is
// deterministic: roles and attributes are sorted by name, element rows keep
// aria-query's order, so a regenerated file differs only where the data does.
//
// The few facts aria-query does not carry (deprecation, ARIA 1.3 drafts, the
// empty `none` role) are added below as explicit overrides, and each override
// is listed in the output's "overrides" array so the data file says what it
// did not take from aria-query.

'use strict';

const fs = require('fs');
const path = require('path');

function main() {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    console.error('usage: node gen.js ARIA_QUERY_DIR OUT_JSON');
    process.exit(2);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (pkg.name !== 'aria-query') {
    throw new Error(`${dir} holds ${pkg.name}, not aria-query`);
  }
  const q = require(path.resolve(dir));

  const overrides = [];

  // --- roles -----------------------------------------------------------------

  const src = new Map(q.roles.entries());

  // aria-query 5.3.2 leaves `none` empty. ARIA 1.2 defines none as a synonym
  // of presentation, with the same characteristics.
  const none = src.get('none');
  if (none && Object.keys(none.props).length === 0 && none.superClass.length === 0) {
    src.set('none', { ...src.get('presentation'), relatedConcepts: [] });
    overrides.push('role none: aria-query leaves it empty; copied from presentation (ARIA 1.2: none is a synonym of presentation)');
  }

  const deprecatedRoles = {
    directory: 'ARIA 1.2 deprecates the directory role',
    'doc-biblioentry': 'DPUB-ARIA 1.1 deprecates doc-biblioentry',
    'doc-endnote': 'DPUB-ARIA 1.1 deprecates doc-endnote',
  };
  const draftRoles = { mark: '1.3', image: '1.3', comment: '1.3', suggestion: '1.3' };
  // ARIA 1.3 roles aria-query lacks, from the roles they are like: comment
  // is an article (a reply in a discussion), suggestion a mark-like span
  // that owns an insertion or a deletion.
  if (!src.has('comment') && src.has('article')) {
    src.set('comment', { ...src.get('article'), relatedConcepts: [] });
    overrides.push('role comment: not in aria-query; from the ARIA 1.3 draft, with the characteristics of article');
  }
  if (!src.has('suggestion') && src.has('mark')) {
    src.set('suggestion', { ...src.get('mark'), relatedConcepts: [], requiredOwnedElements: [['insertion'], ['deletion']] });
    overrides.push('role suggestion: not in aria-query; from the ARIA 1.3 draft, like mark, owning insertion or deletion');
  }
  // ARIA 1.3 adds image as a synonym of img, with the same characteristics.
  if (!src.has('image') && src.has('img')) {
    src.set('image', { ...src.get('img'), relatedConcepts: [] });
    overrides.push('role image: not in aria-query; copied from img (ARIA 1.3: image is a synonym of img)');
  }
  // Attributes the ARIA 1.3 draft adds that are not global: each is
  // supported on the roles listed and the roles that inherit from them.
  const draftRoleAttrs = {
    'aria-colindextext': ['cell', 'row'],
    'aria-rowindextext': ['cell', 'row'],
  };
  for (const [n, why] of Object.entries(deprecatedRoles)) {
    overrides.push(`role ${n}: deprecated (${why})`);
  }
  for (const [n, v] of Object.entries(draftRoles)) {
    overrides.push(`role ${n}: from the ARIA ${v} draft, not ARIA 1.2`);
  }

  const direct = (name) => {
    const r = src.get(name);
    const s = new Set();
    for (const chain of r.superClass) {
      if (chain.length > 0) s.add(chain[chain.length - 1]);
    }
    return [...s].sort();
  };
  const ancestorsMemo = new Map();
  const ancestors = (name) => {
    if (ancestorsMemo.has(name)) return ancestorsMemo.get(name);
    const s = new Set();
    for (const p of direct(name)) {
      if (!src.has(p)) throw new Error(`role ${name}: unknown superclass ${p}`);
      s.add(p);
      for (const a of ancestors(p)) s.add(a);
    }
    const res = [...s].sort();
    ancestorsMemo.set(name, res);
    return res;
  };

  const roles = [];
  for (const name of [...src.keys()].sort()) {
    const r = src.get(name);
    const anc = ancestors(name);
    // aria-query already flattens inherited props into each role; the union
    // with the ancestors' props only matters for roles whose ancestry was
    // repaired above (doc-pullquote inherits from none).
    const supported = new Set(Object.keys(r.props));
    for (const a of anc) for (const p of Object.keys(src.get(a).props)) supported.add(p);
    for (const p of Object.keys(r.requiredProps)) supported.add(p);
    for (const [attr, on] of Object.entries(draftRoleAttrs)) {
      if (on.includes(name) || on.some((o) => anc.includes(o))) supported.add(attr);
    }
    for (const p of r.prohibitedProps) supported.delete(p);

    const implicit = {};
    for (const [k, v] of Object.entries({ ...r.props, ...r.requiredProps })) {
      if (v !== null && v !== undefined) implicit[k] = String(v);
    }
    const owned = r.requiredOwnedElements.map((chain) =>
      // aria-query writes "option owned through group" as [option, group];
      // we write it container first, as the ARIA spec does: "group > option".
      chain.slice().reverse().join(' > '));

    const row = {
      name,
      module: name.startsWith('doc-') ? 'dpub-aria' : name.startsWith('graphics-') ? 'graphics-aria' : 'aria',
      draft: draftRoles[name] || '',
      abstract: !!r.abstract,
      deprecated: name in deprecatedRoles,
      superclasses: direct(name),
      ancestors: anc,
      required_context: [...new Set(r.requiredContextRole)].sort(),
      required_owned: [...new Set(owned)].sort(),
      required: Object.keys(r.requiredProps).sort(),
      supported: [...supported].sort(),
      prohibited: [...r.prohibitedProps].sort(),
      implicit,
      name_from: [...r.nameFrom],
      name_required: !!r.accessibleNameRequired,
      children_presentational: !!r.childrenPresentational,
      widget: anc.includes('widget') || name === 'widget',
    };
    roles.push(row);
  }

  // --- attributes ------------------------------------------------------------

  const typeNames = {
    boolean: 'true/false',
    tristate: 'tristate',
    id: 'ID reference',
    idlist: 'ID reference list',
    integer: 'integer',
    number: 'number',
    string: 'string',
    token: 'token',
    tokenlist: 'token list',
  };

  // Global in ARIA 1.2 without qualification = supported by roletype, the root
  // of the taxonomy, in aria-query.
  const globals = new Set(Object.keys(src.get('roletype').props));

  const deprecated = {
    'aria-dropeffect': 'deprecated in ARIA 1.1, still deprecated in ARIA 1.2',
    'aria-grabbed': 'deprecated in ARIA 1.1, still deprecated in ARIA 1.2',
  };
  const globalUseDeprecated = ['aria-disabled', 'aria-errormessage', 'aria-haspopup', 'aria-invalid'];
  // Attributes from the ARIA 1.3 draft; global there.
  const draftAttrs = { 'aria-braillelabel': '1.3', 'aria-brailleroledescription': '1.3', 'aria-description': '1.3' };
  for (const [n, why] of Object.entries(deprecated)) overrides.push(`attribute ${n}: deprecated (${why})`);
  overrides.push(`attributes ${globalUseDeprecated.join(', ')}: ARIA 1.2 deprecates their global use; supported only on the roles aria-query lists`);
  for (const [n, v] of Object.entries(draftAttrs)) overrides.push(`attribute ${n}: from the ARIA ${v} draft, not ARIA 1.2; marked global as that draft defines it`);
  for (const [n, on] of Object.entries(draftRoleAttrs)) overrides.push(`attribute ${n}: from the ARIA 1.3 draft, not in aria-query; a string supported on ${on.join(', ')} and their subclasses`);
  // ARIA 1.3 widens aria-details from one ID reference to a list.
  overrides.push('attribute aria-details: ID reference list as in the ARIA 1.3 draft (ARIA 1.2: one ID reference)');

  const attributes = [];
  for (const [name, def] of [...q.aria.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    let type = typeNames[def.type];
    if (!type) throw new Error(`attribute ${name}: unknown aria-query type ${def.type}`);
    if (def.type === 'boolean' && def.allowundefined) type = 'true/false/undefined';
    if (name === 'aria-details') type = 'ID reference list';
    let values = [];
    if (def.type === 'token' || def.type === 'tokenlist') {
      values = [...new Set(def.values.map((v) => String(v).toLowerCase()))].sort();
    }
    attributes.push({
      name,
      type,
      values,
      global: globals.has(name) || name in draftAttrs,
      global_use_deprecated: globalUseDeprecated.includes(name),
      deprecated: name in deprecated,
      draft: draftAttrs[name] || '',
    });
  }
  for (const n of Object.keys(draftRoleAttrs)) {
    if (q.aria.has(n)) throw new Error(`attribute ${n} is in aria-query now: drop its override`);
    attributes.push({ name: n, type: 'string', values: [], global: false, global_use_deprecated: false, deprecated: false, draft: '1.3' });
  }
  attributes.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const n of [...globalUseDeprecated, ...Object.keys(deprecated), ...Object.keys(draftAttrs)]) {
    if (!q.aria.has(n)) throw new Error(`override names unknown attribute ${n}`);
  }
  for (const n of [...Object.keys(deprecatedRoles), ...Object.keys(draftRoles)]) {
    if (!src.has(n)) throw new Error(`override names unknown role ${n}`);
  }

  // --- HTML element to role -------------------------------------------------

  const elementRoles = [];
  for (const [concept, set] of q.elementRoles.entries()) {
    elementRoles.push({
      element: concept.name,
      attributes: (concept.attributes || []).map((a) => {
        const o = { name: a.name };
        if (a.value !== undefined) o.value = String(a.value);
        if (a.constraints && a.constraints.length) o.constraints = [...a.constraints];
        return o;
      }),
      constraints: [...(concept.constraints || [])],
      roles: [...set].sort(),
    });
  }

  // --- write -----------------------------------------------------------------

  const header = {
    package: 'aria-query',
    version: pkg.version,
    generator: 'internal/standards/ariaspec/gen/gen.js',
    note: 'Generated from the npm package named above; do not edit. Regenerate with: go generate ./internal/standards/ariaspec',
  };
  const lines = [];
  lines.push('{');
  lines.push(` "source": ${JSON.stringify(header)},`);
  const list = (key, items, last) => {
    lines.push(` "${key}": [`);
    items.forEach((it, i) => lines.push(`  ${JSON.stringify(it)}${i < items.length - 1 ? ',' : ''}`));
    lines.push(` ]${last ? '' : ','}`);
  };
  list('overrides', overrides, false);
  list('roles', roles, false);
  list('attributes', attributes, false);
  list('element_roles', elementRoles, true);
  lines.push('}');
  fs.writeFileSync(out, lines.join('\n') + '\n');
  console.error(`wrote ${out}: ${roles.length} roles, ${attributes.length} attributes, ${elementRoles.length} element rows from aria-query ${pkg.version}`);
}

main();
