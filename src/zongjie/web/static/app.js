/* zongjie serve: the page's script. Builds the facts form from the facts object, keeps the object
   in step with every edit, asks the server for the draft preview and validation problems, and
   downloads files. User text only ever goes into the page as textContent or input values; the only
   HTML inserted is the read-back view, rendered and escaped by the server's template. */
"use strict";

(function () {
  var facts = null;
  var timer = null;
  var seq = 0;
  var SECTION_NAMES = {};
  var PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "value") node.value = attrs[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  /* The JSON path of parts, as zongjie writes it: sections.welfare.items[2].value */
  function pathText(parts) {
    var out = "";
    parts.forEach(function (p) {
      if (typeof p === "number") out += "[" + p + "]";
      else if (PLAIN_KEY.test(p)) out += out ? "." + p : p;
      else out += '["' + String(p).replace(/"/g, '\\"') + '"]';
    });
    return out || "(root)";
  }

  function getAt(parts) {
    var v = facts;
    for (var i = 0; i < parts.length; i++) { if (v == null) return undefined; v = v[parts[i]]; }
    return v;
  }

  function container(parts, create) {
    var v = facts;
    for (var i = 0; i < parts.length - 1; i++) {
      if (v[parts[i]] == null || typeof v[parts[i]] !== "object") {
        if (!create) return null;
        v[parts[i]] = typeof parts[i + 1] === "number" ? [] : {};
      }
      v = v[parts[i]];
    }
    return v;
  }

  /* Set (or, for undefined, delete) the value at parts; empty objects left behind are removed. */
  function setAt(parts, value) {
    var c = container(parts, value !== undefined);
    if (!c) return;
    var last = parts[parts.length - 1];
    if (value === undefined) {
      if (Array.isArray(c)) c.splice(last, 1); else delete c[last];
      for (var n = parts.length - 1; n > 0; n--) {
        var o = getAt(parts.slice(0, n));
        if (!o || typeof o !== "object" || Array.isArray(o) || Object.keys(o).length) break;
        delete (n === 1 ? facts : getAt(parts.slice(0, n - 1)))[parts[n - 1]];
      }
    } else c[last] = value;
  }

  function numberOf(text) {
    var t = text.trim().replace(/,/g, "");
    if (t === "") return null;
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    return text;            /* kept as typed: the check names the field */
  }

  function changed() { clearTimeout(timer); timer = setTimeout(refresh, 350); }

  /* ---- fields ---------------------------------------------------------------------------- */

  function field(label, parts, opts) {
    opts = opts || {};
    var value = getAt(parts);
    var shown = value == null ? "" : String(value);
    var input;
    if (opts.multiline) input = el("textarea", {rows: Math.min(12, Math.max(opts.rows || 3, Math.ceil(shown.length / 48) + 1))});
    else if (opts.options) {
      input = el("select", {});
      opts.options.forEach(function (o) { input.appendChild(el("option", {value: o[0], text: o[1]})); });
    } else input = el("input", {type: "text"});
    input.value = shown;
    input.setAttribute("data-path", pathText(parts));
    if (opts.placeholder) input.setAttribute("placeholder", opts.placeholder);
    input.className = "zj-input" + (opts.cls ? " " + opts.cls : "");
    input.addEventListener("input", function () {
      var v = input.value;
      if (opts.number) v = numberOf(v);
      else if (opts.list) v = v.split(/[、,，;；]/).map(function (s) { return s.trim(); }).filter(Boolean);
      if ((v === "" && !opts.keepEmpty) || (Array.isArray(v) && v.length === 0)) v = undefined;
      setAt(parts, v);
      changed();
    });
    if (opts.list && Array.isArray(value)) input.value = value.join("、");
    return el("label", {"class": "zj-field" + (opts.wide ? " zj-wide" : "")},
              [el("span", {"class": "zj-label", text: label}), input]);
  }

  function button(text, handler, cls) {
    return el("button", {type: "button", "class": "zj-mini" + (cls ? " " + cls : ""), text: text,
                         onclick: handler});
  }

  function move(list, i, d) {
    var j = i + d;
    if (j < 0 || j >= list.length) return;
    var t = list[i]; list[i] = list[j]; list[j] = t;
    rebuild();
  }

  function itemEditor(parts, item, list, i) {
    var box = el("div", {"class": "zj-item", "data-path": pathText(parts)});
    var tools = el("div", {"class": "zj-tools"}, [
      el("span", {"class": "zj-item-num", text: "第 " + (i + 1) + " 项"}),
      button("上移", function () { move(list, i, -1); }),
      button("下移", function () { move(list, i, 1); }),
      button("删除", function () { list.splice(i, 1); rebuild(); }, "zj-danger")]);
    box.appendChild(tools);
    if (typeof item === "string") {
      box.appendChild(field("内容", parts, {multiline: true, wide: true}));
    } else if (item && typeof item === "object" && !Array.isArray(item) && typeof item.heading === "string") {
      box.classList.add("zj-subheading");
      box.appendChild(field("小标题（下面的条目编号在它之下）", parts.concat(["heading"]), {wide: true}));
    } else if (item && typeof item === "object" && !Array.isArray(item) && typeof item.text === "string"
               && Array.isArray(item.figures)) {
      box.appendChild(field("内容（{1}、{2} 是下面的数字）", parts.concat(["text"]), {multiline: true, wide: true}));
      var figs = el("div", {"class": "zj-figs"});
      item.figures.forEach(function (f, k) {
        var fp = parts.concat(["figures", k]);
        figs.appendChild(el("div", {"class": "zj-fig-row", "data-path": pathText(fp)}, [
          el("span", {"class": "zj-slot", text: "{" + (k + 1) + "}"}),
          field("数字", fp.concat(["value"]), {number: true, cls: "zj-value", placeholder: "留空待填"}),
          field("单位", fp.concat(["unit"]), {cls: "zj-unit", keepEmpty: true}),
          field("约数", fp.concat(["approx"]), {cls: "zj-approx", placeholder: "如 约、余"}),
          field("说明", fp.concat(["what"]), {placeholder: "统计的是什么（可不填）"})]));
      });
      box.appendChild(figs);
    } else if (item && typeof item === "object" && !Array.isArray(item) && "what" in item) {
      box.appendChild(el("div", {"class": "zj-fig-row"}, [
        field("统计的是什么", parts.concat(["what"]), {}),
        field("数字", parts.concat(["value"]), {number: true, cls: "zj-value", placeholder: "留空待填"}),
        field("单位", parts.concat(["unit"]), {cls: "zj-unit", keepEmpty: true}),
        field("约数", parts.concat(["approx"]), {cls: "zj-approx", placeholder: "如 约、余"})]));
    } else {
      var raw = el("textarea", {rows: 3, "class": "zj-input", "data-path": pathText(parts)});
      raw.value = JSON.stringify(item);
      raw.addEventListener("input", function () {
        try { list[i] = JSON.parse(raw.value); raw.classList.remove("zj-bad"); changed(); }
        catch (e) { raw.classList.add("zj-bad"); }
      });
      box.appendChild(el("label", {"class": "zj-field zj-wide"}, [el("span", {"class": "zj-label", text: "内容（JSON）"}), raw]));
    }
    return box;
  }

  function itemsEditor(title, parts) {
    var list = getAt(parts);
    var wrap = el("div", {"class": "zj-items", "data-path": pathText(parts)},
                  [el("h4", {text: title})]);
    if (Array.isArray(list)) list.forEach(function (item, i) {
      wrap.appendChild(itemEditor(parts.concat([i]), item, list, i));
    });
    function add(item) {
      var l = getAt(parts);
      if (!Array.isArray(l)) { setAt(parts, []); l = getAt(parts); }
      l.push(item); rebuild();
    }
    wrap.appendChild(el("div", {"class": "zj-tools"}, [
      button("添加一句", function () { add("（请填写）"); }),
      button("添加一个数字", function () { add({what: "", value: null, unit: ""}); }),
      button("添加小标题", function () { add({heading: "（小标题）"}); })]));
    return wrap;
  }

  function sectionName(sid) { return SECTION_NAMES[sid] || sid; }

  function topicOptions() {
    var out = [["", "（不限）"]];
    Array.prototype.forEach.call($("add-section-id").options, function (o) { out.push([o.value, o.textContent]); });
    return out;
  }

  /* The sections of the summary (base []) or of the plan (base ["plans"]): in outline order when
     there is an outline (ids of `sections` or sections of their own), then the rest of `sections`. */
  function entries(base) {
    var secs = getAt(base.concat(["sections"])) || {};
    var outline = getAt(base.concat(["outline"]));
    var out = [], listed = {};
    if (Array.isArray(outline)) outline.forEach(function (e, i) {
      if (typeof e === "string") { listed[e] = true; out.push({id: e, parts: base.concat(["sections", e]), at: i}); }
      else out.push({own: true, parts: base.concat(["outline", i]), at: i});
    });
    Object.keys(secs).forEach(function (sid) {
      if (!listed[sid]) out.push({id: sid, parts: base.concat(["sections", sid]), at: null});
    });
    return out;
  }

  /* An outline that lists every entry in the order shown (made when the user reorders). */
  function ensureOutline(base) {
    var list = entries(base).map(function (e) { return e.own ? getAt(e.parts) : e.id; });
    setAt(base.concat(["outline"]), list);
    return getAt(base.concat(["outline"]));
  }

  function sectionsEditor(base, heading) {
    var wrap = el("div", {"class": "zj-sections"}, [el("h3", {text: heading})]);
    var all = entries(base);
    all.forEach(function (e, n) {
      var value = getAt(e.parts) || {};
      var name = e.own ? (value.title || "新板块") : sectionName(e.id);
      var card = el("fieldset", {"class": "zj-card zj-sec-" + (e.own ? (value.topic || "other") : e.id),
                                 "data-path": pathText(e.parts)}, [
        el("legend", {text: name + (e.own ? "（自定义板块）" : "")}),
        el("div", {"class": "zj-tools"}, [
          button("板块上移", function () { swap(base, n, -1); }),
          button("板块下移", function () { swap(base, n, 1); }),
          button("删除板块", function () { removeEntry(base, e); }, "zj-danger")]),
        field("标题", e.parts.concat(["title"]), {wide: !e.own, placeholder: e.own ? "如：女职工工作" : "不填则用默认标题"})]);
      if (e.own) card.appendChild(field("接近的板块", e.parts.concat(["topic"]), {options: topicOptions()}));
      card.appendChild(itemsEditor("内容", e.parts.concat(["items"])));
      wrap.appendChild(card);
    });
    return wrap;
  }

  function swap(base, n, d) {
    var outline = ensureOutline(base);
    var j = n + d;
    if (j < 0 || j >= outline.length) return;
    var t = outline[n]; outline[n] = outline[j]; outline[j] = t;
    rebuild();
  }

  function removeEntry(base, e) {
    var outline = getAt(base.concat(["outline"]));
    if (e.own) outline.splice(e.at, 1);
    else {
      setAt(base.concat(["sections", e.id]), undefined);
      if (Array.isArray(outline) && e.at !== null) outline.splice(e.at, 1);
    }
    rebuild();
  }

  function addSection(planPart) {
    if (!facts) return;
    var base = planPart ? ["plans"] : [];
    var sid = $("add-section-id").value;
    var title = $("add-section-title").value.trim();
    var secs = getAt(base.concat(["sections"])) || {};
    var outline = getAt(base.concat(["outline"]));
    if (title || secs[sid]) {          /* a section of its own: 女职工工作, 经费审查 ... */
      outline = ensureOutline(base);
      outline.push({title: title || sectionName(sid), topic: sid, items: ["（请填写）"]});
    } else {
      setAt(base.concat(["sections", sid]), {items: ["（请填写）"]});
      if (Array.isArray(outline)) outline.push(sid);
    }
    $("add-section-title").value = "";
    rebuild();
  }

  function buildForm() {
    var form = $("facts-form");
    form.textContent = "";
    var basics = el("fieldset", {"class": "zj-card"}, [el("legend", {text: "基本情况"}),
      field("单位（工会全称）", ["organization"], {wide: true, placeholder: "如：某某厂工会"}),
      field("年份", ["period", "year"], {number: true, cls: "zj-value"}),
      field("时段", ["period", "half"], {options: [["", "全年"], ["first", "上半年"], ["second", "下半年"]]}),
      field("上级（用、分隔）", ["superiors"], {list: true, wide: true, placeholder: "如：厂党委、集团公司工会"}),
      field("标题（不填则自动生成）", ["title"], {wide: true}),
      field("中心工作", ["focus"], {wide: true}),
      field("开头段落（不填则自动生成）", ["opening"], {multiline: true, rows: 4, wide: true})]);
    form.appendChild(basics);
    form.appendChild(itemsEditor("全年概况", ["overview"]));
    form.appendChild(sectionsEditor([], "工作总结各板块"));
    var prob = el("fieldset", {"class": "zj-card zj-sec-problems", "data-path": "problems"},
                  [el("legend", {text: "存在的不足"}), itemsEditor("内容", ["problems"])]);
    form.appendChild(prob);
    var plans = el("div", {"class": "zj-plans", "data-path": "plans"}, [
      field("工作计划开头一句", ["plans", "intro"], {multiline: true, rows: 2, wide: true}),
      sectionsEditor(["plans"], "工作计划各板块")]);
    form.appendChild(plans);
    form.appendChild(el("fieldset", {"class": "zj-card"}, [el("legend", {text: "结尾和落款"}),
      field("结尾段落", ["closing"], {multiline: true, rows: 2, wide: true}),
      field("落款单位（不填则同单位）", ["signature", "name"], {wide: true}),
      field("日期（年-月-日）", ["signature", "date"], {placeholder: "2025-12-20"})]));
    if (Array.isArray(facts.warnings) && facts.warnings.length) {
      var w = el("fieldset", {"class": "zj-card zj-warnings"}, [el("legend", {text: "需要留意（" + facts.warnings.length + "）"})]);
      var ul = el("ul", {});
      facts.warnings.forEach(function (x, i) {
        ul.appendChild(el("li", {}, [el("span", {text: warningText(x)}),
          button("已处理", function () { facts.warnings.splice(i, 1); if (!facts.warnings.length) delete facts.warnings; rebuild(); })]));
      });
      w.appendChild(ul);
      form.insertBefore(w, form.firstChild);
    }
  }

  function warningText(x) {
    if (typeof x !== "object" || x === null) return String(x);
    var t = x.text ? String(x.text) : "";
    switch (x.what) {
      case "no_year": return "原文没有写明年份，请在“年份”中填写。";
      case "no_organization": return "没有找到单位名称，请在“单位”中填写。";
      case "placeholder": return "原文留有占位“" + t + "”，请换成实际内容。";
      case "low_confidence":
        return "不确定这一段属于哪个板块" + (x.section ? "（判断为" + sectionName(x.section) +
          (typeof x.confidence === "number" ? "，把握 " + Math.round(x.confidence * 100) + "%" : "") + "）" : "") +
          (t ? "：" + t : "") + "，请核对。";
      case "left_out": return "原文这一段没有放进资料" + (t ? "：" + t : "") + "。";
      default: return (x.what || "") + (t ? "：" + t : "");
    }
  }

  function showWarnings() {
    document.querySelectorAll(".zj-warn").forEach(function (n) { n.remove(); });
    (facts && Array.isArray(facts.warnings) ? facts.warnings : []).forEach(function (x) {
      if (!x || typeof x.path !== "string") return;
      var target = find(x.path);
      if (target) (target.closest(".zj-field") || target).appendChild(el("div", {"class": "zj-warn", text: warningText(x)}));
    });
  }

  function find(path) {
    var target = null;
    while (path && !target) {
      target = document.querySelector('[data-path="' + CSS.escape(path) + '"]');
      if (!target) path = parentPath(path);
    }
    return target;
  }

  function rebuild() { buildForm(); showWarnings(); changed(); }

  /* ---- problems next to their fields ------------------------------------------------------ */

  function parentPath(path) {
    var m = path.match(/^(.+?)(\[\d+\]|\["(?:[^"\\]|\\.)*"\]|\.[^.\[]+)$/);
    return m ? m[1] : null;
  }

  function showProblems(problems) {
    document.querySelectorAll(".zj-error").forEach(function (n) { n.remove(); });
    document.querySelectorAll(".zj-has-error").forEach(function (n) { n.classList.remove("zj-has-error"); });
    var top = $("problems-top");
    top.textContent = "";
    var loose = [];
    (problems || []).forEach(function (p) {
      var target = find(p.path);
      var msg = el("div", {"class": "zj-error", "data-for": p.path, text: p.message});
      if (target) {
        var holder = target.closest(".zj-field") || target;
        holder.classList.add("zj-has-error");
        holder.appendChild(msg);
      } else loose.push(p);
    });
    if (problems && problems.length) {
      top.appendChild(el("p", {text: "还有 " + problems.length + " 处需要修改，改好后才能生成草稿："}));
      var ul = el("ul", {});
      problems.forEach(function (p) { ul.appendChild(el("li", {text: p.path + "：" + p.message})); });
      top.appendChild(ul);
    }
    top.hidden = !(problems && problems.length);
  }

  /* ---- server ---------------------------------------------------------------------------- */

  function post(url, body, type) {
    return fetch(url, {method: "POST", body: body, headers: {"Content-Type": type || "application/octet-stream"}})
      .then(function (r) {
        return r.json().catch(function () { return {ok: false, error: "服务器的回答无法理解（" + r.status + "）"}; });
      }, function () { return {ok: false, error: "连接不到本机的 zongjie serve，它是否还在运行？"}; });
  }

  function say(id, text, bad) {
    var s = $(id);
    s.textContent = text;
    s.classList.toggle("zj-bad", !!bad);
  }

  function refresh() {
    if (!facts) return;
    var mine = ++seq;
    say("draft-status", "正在生成预览……");
    post("/api/draft", JSON.stringify({facts: facts, format: "txt"}), "application/json").then(function (r) {
      if (mine !== seq) return;
      showProblems(r.problems || []);
      if (r.ok) { $("preview").textContent = r.text; say("draft-status", "预览已更新。"); }
      else say("draft-status", r.error || "无法生成预览", true);
    });
  }

  function useFacts(f, problems) {
    facts = f;
    ["step-facts", "step-draft"].forEach(function (id) { $(id).hidden = false; });
    buildForm();
    showWarnings();
    showProblems(problems);
    refresh();
  }

  function readBody(name, body) {
    var limit = Number(document.body.getAttribute("data-limit"));
    if (body.size !== undefined && body.size > limit) {
      say("status", "文件太大：超过上限，请上传较小的文件。", true);
      return;
    }
    say("status", "正在读取 " + name + " ……");
    post("/api/read?name=" + encodeURIComponent(name), body).then(function (r) {
      if (!r.ok) { say("status", r.error || "无法读取", true); return; }
      say("status", "已读取 " + r.name + "。请在第 3 步核对资料。");
      $("view").innerHTML = r.view;       /* rendered and escaped by the server's template */
      $("step-view").hidden = false;
      useFacts(r.facts, r.problems);
    });
  }

  function loadFacts(file) {
    say("status", "正在载入 " + file.name + " ……");
    post("/api/facts?name=" + encodeURIComponent(file.name), file).then(function (r) {
      if (!r.ok) { say("status", r.error || "无法载入", true); return; }
      say("status", "已载入 " + file.name + "。");
      useFacts(r.facts, r.problems);
    });
  }

  function download(fmt) {
    if (!facts) return;
    say("draft-status", "正在生成 ." + fmt + " 文件……");
    fetch("/api/download?format=" + fmt, {method: "POST", body: JSON.stringify(facts),
                                           headers: {"Content-Type": "application/json"}})
      .then(function (r) {
        if (!r.ok) return r.json().then(function (j) { showProblems(j.problems || []); say("draft-status", j.error, true); });
        return r.blob().then(function (blob) {
          var org = typeof facts.organization === "string" && facts.organization.trim() ? facts.organization.trim() : "草稿";
          var name = fmt === "json" ? "facts.json" : org.replace(/[\\/:*?"<>|]/g, "") + "工作总结草稿." + fmt;
          var a = el("a", {href: URL.createObjectURL(blob), download: name});
          document.body.appendChild(a); a.click(); a.remove();
          say("draft-status", "已下载 " + name + "。");
        });
      }, function () { say("draft-status", "连接不到本机的 zongjie serve。", true); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#legend .zj-key").forEach(function (k) {
      var m = k.className.match(/zj-sec-(\S+)/);
      if (m) SECTION_NAMES[m[1]] = k.textContent;
    });
    $("file").addEventListener("change", function () { if (this.files[0]) readBody(this.files[0].name, this.files[0]); this.value = ""; });
    $("facts-file").addEventListener("change", function () { if (this.files[0]) loadFacts(this.files[0]); this.value = ""; });
    $("paste-go").addEventListener("click", function () {
      var t = $("paste").value;
      if (!t.trim()) { say("status", "请先粘贴文字。", true); return; }
      readBody("粘贴的文字.txt", new Blob([t], {type: "text/plain"}));
    });
    var drop = $("drop");
    drop.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); $("file").click(); }
    });
    ["dragenter", "dragover"].forEach(function (e) {
      drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add("zj-over"); });
    });
    ["dragleave", "drop"].forEach(function (e) {
      drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.remove("zj-over"); });
    });
    drop.addEventListener("drop", function (ev) {
      var f = ev.dataTransfer && ev.dataTransfer.files[0];
      if (f) readBody(f.name, f);
    });
    $("add-section").addEventListener("click", function () { addSection(false); });
    $("add-plan-section").addEventListener("click", function () { addSection(true); });
    document.querySelectorAll("[data-download]").forEach(function (b) {
      b.addEventListener("click", function () { download(b.getAttribute("data-download")); });
    });
  });
})();
