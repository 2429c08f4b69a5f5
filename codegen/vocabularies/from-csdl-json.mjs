// Writes the OASIS vocabularies as CSDL XML from the CSDL JSON that the npm package
// `@sap-ux/odata-vocabularies` ships (dist/resources/Org.OData.*.V1.js). See README.md.
//   node from-csdl-json.mjs path/to/package/dist/resources OUT_DIR
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, out] = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => /^Org\.OData\.\w+\.V1\.js$/.test(f)).sort();
const load = (f) => new Function(readFileSync(join(dir, f), 'utf8').replace(/^export default/m, 'return'))();
const docs = Object.fromEntries(files.map((f) => [f.replace(/\.js$/, ''), load(f)]));

// Every schema element of every vocabulary, by qualified name: values are typed by the term
// or record property they belong to (JSON writes an enum member or a date as a plain string).
const elements = {};
for (const doc of Object.values(docs))
  for (const [ns, schema] of Object.entries(doc))
    if (!ns.startsWith('$')) for (const [n, el] of Object.entries(schema)) if (!/[$@]/.test(n[0])) elements[`${ns}.${n}`] = el;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;').replace(/\t/g, '&#x9;');
const attrs = (o) => Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
const typeName = (o, dflt = 'Edm.String') => (o.$Collection ? `Collection(${o.$Type ?? dflt})` : o.$Type ?? dflt);
const prop = (ct, name) => {
  for (let t = elements[ct]; t; t = elements[t.$BaseType]) if (t[name]) return t[name];
};
const primitiveAttr = { 'Edm.Boolean': 'Bool', 'Edm.Int16': 'Int', 'Edm.Int32': 'Int', 'Edm.Int64': 'Int', 'Edm.Byte': 'Int', 'Edm.SByte': 'Int', 'Edm.Decimal': 'Decimal', 'Edm.Double': 'Float', 'Edm.Single': 'Float', 'Edm.Date': 'Date', 'Edm.DateTimeOffset': 'DateTimeOffset', 'Edm.Duration': 'Duration', 'Edm.TimeOfDay': 'TimeOfDay', 'Edm.Guid': 'Guid', 'Edm.Binary': 'Binary', 'Edm.String': 'String' };
const pathKinds = ['$Path', '$PropertyPath', '$NavigationPropertyPath', '$AnnotationPath', '$ModelElementPath'];

// A constant value as [attribute name, text] when it has one, else null.
function constant(v, type) {
  const en = elements[type];
  if (typeof v === 'string' && en?.$Kind === 'EnumType') return ['EnumMember', v.split(',').map((m) => `${type}/${m.trim()}`).join(' ')];
  if (typeof v === 'string' && en?.$Kind === 'TypeDefinition') return constant(v, en.$UnderlyingType);
  if (typeof v === 'boolean') return ['Bool', v];
  if (typeof v === 'number') return [primitiveAttr[type] && primitiveAttr[type] !== 'String' ? primitiveAttr[type] : Number.isInteger(v) ? 'Int' : 'Decimal', v];
  if (typeof v === 'string') return [primitiveAttr[type] ?? 'String', v];
  const kind = v && typeof v === 'object' && pathKinds.find((k) => k in v);
  return kind ? [kind.slice(1), v[kind]] : null;
}

// `<tag attrs>` with the value `v` (of `type`) as an attribute or children.
function valued(tag, base, v, type, indent) {
  const c = constant(v, type);
  if (c) return `${indent}<${tag}${attrs(base)}${attrs({ [c[0]]: c[1] })}/>\n`;
  return `${indent}<${tag}${attrs(base)}>\n${expression(v, type, indent + '  ')}${indent}</${tag}>\n`;
}

function expression(v, type, indent) {
  const c = constant(v, type);
  if (c) return `${indent}<${c[0]}>${esc(c[1])}</${c[0]}>\n`;
  if (v === null) return `${indent}<Null/>\n`;
  if (Array.isArray(v)) return `${indent}<Collection>\n${v.map((x) => expression(x, type, indent + '  ')).join('')}${indent}</Collection>\n`;
  const rtype = v['@type'] ? v['@type'].replace(/^.*#/, '') : type;
  let s = `${indent}<Record${attrs({ Type: v['@type'] ? rtype : undefined })}>\n`;
  for (const [k, x] of Object.entries(v)) {
    if (k === '@type' || k.includes('@')) continue;
    s += valued('PropertyValue', { Property: k }, x, prop(rtype, k)?.$Type, indent + '  ');
  }
  s += annotations(v, '', indent + '  ');
  return s + `${indent}</Record>\n`;
}

// The annotations among the members of `o` whose keys start with `prefix` + '@'.
function annotations(o, prefix, indent) {
  let s = '';
  for (const [k, v] of Object.entries(o)) {
    if (!k.startsWith(prefix + '@') || k === '@type' || k.slice(prefix.length + 1).includes('@')) continue;
    const [term, qualifier] = k.slice(prefix.length + 1).split('#');
    const t = elements[term];
    const type = t ? t.$Type ?? 'Edm.String' : undefined;
    s += valued('Annotation', { Term: term, Qualifier: qualifier }, v, type, indent);
  }
  return s;
}

const facets = (o) => ({ MaxLength: o.$MaxLength, Precision: o.$Precision, Scale: o.$Scale, SRID: o.$SRID });
const nullable = (o) => (o.$Nullable ? 'true' : 'false');

function element(name, el, indent) {
  const inner = indent + '  ';
  const closeAt = (ind, tag, head, body) => (body ? `${ind}<${tag}${head}>\n${body}${ind}</${tag}>\n` : `${ind}<${tag}${head}/>\n`);
  const close = (tag, head, body) => closeAt(indent, tag, head, body);
  switch (el.$Kind) {
    case 'Term':
      return close('Term', attrs({ Name: name, Type: typeName(el), Nullable: nullable(el), DefaultValue: el.$DefaultValue, BaseTerm: el.$BaseTerm, AppliesTo: el.$AppliesTo?.join(' '), ...facets(el) }), annotations(el, '', inner));
    case 'TypeDefinition':
      return close('TypeDefinition', attrs({ Name: name, UnderlyingType: el.$UnderlyingType, ...facets(el) }), annotations(el, '', inner));
    case 'EnumType': {
      let body = '';
      for (const [m, v] of Object.entries(el)) if (!/[$@]/.test(m[0]) && !m.includes('@')) body += closeAt(inner, 'Member', attrs({ Name: m, Value: v }), annotations(el, m, indent + '    '));
      return close('EnumType', attrs({ Name: name, UnderlyingType: el.$UnderlyingType, IsFlags: el.$IsFlags }), body + annotations(el, '', inner));
    }
    case 'ComplexType':
    case 'EntityType': {
      let body = '';
      if (el.$Key) body += `${inner}<Key>\n${el.$Key.map((k) => `${inner}  <PropertyRef Name="${esc(k)}"/>\n`).join('')}${inner}</Key>\n`;
      for (const [p, v] of Object.entries(el)) {
        if (/[$@]/.test(p[0]) || p.includes('@')) continue;
        const nav = v.$Kind === 'NavigationProperty';
        const head = nav
          ? attrs({ Name: p, Type: typeName(v), Nullable: v.$Collection ? undefined : nullable(v), Partner: v.$Partner, ContainsTarget: v.$ContainsTarget })
          : attrs({ Name: p, Type: typeName(v), Nullable: nullable(v), DefaultValue: v.$DefaultValue, ...facets(v) });
        body += closeAt(inner, nav ? 'NavigationProperty' : 'Property', head, annotations(v, '', indent + '    '));
      }
      return close(el.$Kind, attrs({ Name: name, BaseType: el.$BaseType, Abstract: el.$Abstract, OpenType: el.$OpenType }), body + annotations(el, '', inner));
    }
    default:
      throw new Error(`unexpected ${el.$Kind} ${name}`);
  }
}

function operation(name, op, indent) {
  const inner = indent + '  ';
  let body = '';
  for (const p of op.$Parameter ?? []) {
    const a = annotations(p, '', inner + '  ');
    const head = attrs({ Name: p.$Name, Type: typeName(p), Nullable: nullable(p), ...facets(p) });
    body += a ? `${inner}<Parameter${head}>\n${a}${inner}</Parameter>\n` : `${inner}<Parameter${head}/>\n`;
  }
  if (op.$ReturnType) {
    const r = op.$ReturnType;
    const a = annotations(r, '', inner + '  ');
    const head = attrs({ Type: typeName(r), Nullable: nullable(r) });
    body += a ? `${inner}<ReturnType${head}>\n${a}${inner}</ReturnType>\n` : `${inner}<ReturnType${head}/>\n`;
  }
  body += annotations(op, '', inner);
  return `${indent}<${op.$Kind}${attrs({ Name: name, IsBound: op.$IsBound, IsComposable: op.$IsComposable, EntitySetPath: op.$EntitySetPath })}>\n${body}${indent}</${op.$Kind}>\n`;
}

for (const [file, doc] of Object.entries(docs)) {
  let s = `<?xml version="1.0" encoding="utf-8"?>\n<!-- Generated by from-csdl-json.mjs from @sap-ux/odata-vocabularies (see README.md); do not edit. -->\n`;
  s += `<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="${doc.$Version}">\n`;
  for (const [uri, ref] of Object.entries(doc.$Reference ?? {})) {
    s += `  <edmx:Reference Uri="${esc(uri.replace(/\.json$/, '.xml'))}">\n`;
    for (const i of ref.$Include ?? []) s += `    <edmx:Include${attrs({ Namespace: i.$Namespace, Alias: i.$Alias })}/>\n`;
    s += `  </edmx:Reference>\n`;
  }
  s += `  <edmx:DataServices>\n`;
  for (const [ns, schema] of Object.entries(doc)) {
    if (ns.startsWith('$')) continue;
    s += `    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm"${attrs({ Namespace: ns, Alias: schema.$Alias })}>\n`;
    s += annotations(schema, '', '      ');
    for (const [n, el] of Object.entries(schema)) {
      if (/[$@]/.test(n[0])) continue;
      s += Array.isArray(el) ? el.map((op) => operation(n, op, '      ')).join('') : element(n, el, '      ');
    }
    for (const [target, annos] of Object.entries(schema.$Annotations ?? {})) s += `      <Annotations Target="${esc(target)}">\n${annotations(annos, '', '        ')}      </Annotations>\n`;
    s += `    </Schema>\n`;
  }
  s += `  </edmx:DataServices>\n</edmx:Edmx>\n`;
  writeFileSync(join(out, `${file}.xml`), s);
}
