/* The explorer page: the query box with completion, the result's table, pictures and network,
   and the source passage of a row. Everything from the graph is set as text (textContent,
   createTextNode), never parsed as markup: documents are untrusted input. */
(function () {
  "use strict";

  var input = document.getElementById("query");
  var list = document.getElementById("completions");
  var message = document.getElementById("message");
  var views = document.getElementById("views");
  var current = null; // the query whose result is shown
  var completions = [];
  var chosen = -1;
  var navigated = false; // an arrow key chose a completion: Enter takes it rather than running the query
  var pending = 0;

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function api(path, params) {
    var url = path + "?" + new URLSearchParams(params).toString();
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (response) {
      return response.json().catch(function () {
        return {error: {message: "the server answered " + response.status + " " + response.statusText}};
      });
    });
  }

  // -- completion ------------------------------------------------------------------------
  function closeCompletions() {
    list.hidden = true;
    list.textContent = "";
    completions = [];
    chosen = -1;
    input.setAttribute("aria-expanded", "false");
  }

  function showCompletions(found) {
    completions = found;
    navigated = false;
    list.textContent = "";
    chosen = found.length ? 0 : -1;
    found.forEach(function (item, index) {
      var row = element("li", null);
      row.setAttribute("role", "option");
      row.setAttribute("aria-selected", index === chosen ? "true" : "false");
      row.appendChild(element("span", item.display, "text"));
      row.appendChild(element("span", item.meta, "meta"));
      row.addEventListener("mousedown", function (event) {
        event.preventDefault();
        accept(index);
      });
      list.appendChild(row);
    });
    list.hidden = !found.length;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
  }

  function select(index) {
    if (!completions.length) return;
    chosen = (index + completions.length) % completions.length;
    Array.prototype.forEach.call(list.children, function (row, i) {
      row.setAttribute("aria-selected", i === chosen ? "true" : "false");
      if (i === chosen) row.scrollIntoView({block: "nearest"});
    });
  }

  function accept(index) {
    var item = completions[index];
    if (!item) return;
    var cursor = input.selectionStart;
    var before = input.value.slice(0, cursor);
    var after = input.value.slice(cursor);
    var start = Math.max(0, before.length + item.start);
    input.value = before.slice(0, start) + item.text + after;
    var at = start + item.text.length;
    input.setSelectionRange(at, at);
    closeCompletions();
    input.focus();
  }

  function complete() {
    var ticket = ++pending;
    var before = input.value.slice(0, input.selectionStart);
    api("/api/complete", {q: before}).then(function (answer) {
      if (ticket !== pending || document.activeElement !== input) return;
      showCompletions(answer.completions || []);
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(complete, 120);
  });
  input.addEventListener("blur", function () { window.setTimeout(closeCompletions, 150); });
  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && completions.length;
    if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      if (open) {
        accept(chosen);
      } else {
        complete();
      }
    } else if (event.key === " " && event.ctrlKey) {
      event.preventDefault();
      complete();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && open) {
      event.preventDefault();
      navigated = true;
      select(chosen + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Escape") {
      closeCompletions();
    } else if (event.key === "Enter" && open && navigated) {
      event.preventDefault();
      accept(chosen);
    }
  });

  // -- results ---------------------------------------------------------------------------
  function showError(error) {
    message.appendChild(element("p", "error: " + error.message, "error"));
    if (error.caret) message.appendChild(element("pre", error.caret.join("\n"), "caret"));
    if (error.hint) message.appendChild(element("p", "hint: " + error.hint, "hint"));
  }

  function clearResult() {
    document.querySelector("#rows thead").textContent = "";
    document.querySelector("#rows tbody").textContent = "";
    document.getElementById("footer").textContent = "";
    document.getElementById("why").textContent = "";
    views.hidden = true;
    show("table");
  }

  function run(text, remember) {
    closeCompletions();
    text = text.trim();
    message.textContent = "";
    if (!text) return;
    if (remember) {
      window.history.pushState({q: text}, "", "?q=" + encodeURIComponent(text));
    }
    document.body.setAttribute("data-state", "running");
    api("/api/query", {q: text}).then(function (answer) {
      clearResult();
      if (answer.error) {
        current = null;
        showError(answer.error);
        document.body.setAttribute("data-state", "error");
        return;
      }
      current = text;
      if (answer.understood_as) message.appendChild(element("p", "understood as: " + answer.understood_as, "understood"));
      (answer.notes || []).forEach(function (note) { message.appendChild(element("p", "note: " + note, "note")); });
      table(answer);
      views.hidden = false;
      Array.prototype.forEach.call(views.querySelectorAll("button"), function (button) {
        var view = button.getAttribute("data-view");
        button.disabled = view !== "table" && answer.views.indexOf(view) < 0;
        button.title = button.disabled ? "no " + view + " for these rows" : "";
      });
      document.body.setAttribute("data-state", "done");
    });
  }

  function table(answer) {
    var head = element("tr");
    answer.headers.forEach(function (header) { head.appendChild(element("th", header)); });
    var withSources = answer.rows.some(function (row) { return row.source; });
    if (withSources) head.appendChild(element("th", "passage"));
    document.querySelector("#rows thead").appendChild(head);
    var body = document.querySelector("#rows tbody");
    answer.rows.forEach(function (row) {
      var line = element("tr");
      row.cells.forEach(function (cell, index) {
        line.appendChild(element("td", cell, "col-" + answer.headers[index]));
      });
      if (withSources) {
        var cell = element("td");
        if (row.source) {
          var link = element("a", "open", "source");
          link.href = "#" + encodeURIComponent(row.source);
          link.setAttribute("data-source", row.source);
          link.addEventListener("click", function (event) {
            event.preventDefault();
            Array.prototype.forEach.call(body.children, function (other) { other.classList.remove("open"); });
            line.classList.add("open");
            openPassage(row.source);
          });
          cell.appendChild(link);
        }
        line.appendChild(cell);
      }
      body.appendChild(line);
    });
    document.getElementById("footer").textContent = answer.footer;
    var why = document.getElementById("why");
    (answer.why || []).forEach(function (line) { why.appendChild(element("p", "why: " + line)); });
  }

  // -- views -----------------------------------------------------------------------------
  function show(view) {
    Array.prototype.forEach.call(views.querySelectorAll("button"), function (button) {
      button.setAttribute("aria-selected", button.getAttribute("data-view") === view ? "true" : "false");
    });
    ["table", "timeline", "network", "counts"].forEach(function (name) {
      document.getElementById("view-" + name).hidden = name !== view;
    });
  }

  function problem(section, error) {
    var note = element("p", "no picture: " + (error && error.message ? error.message : "the server did not draw it"), "problem");
    section.appendChild(note);
  }

  function picture(kind) {
    var section = document.getElementById("view-" + kind);
    var image = document.getElementById(kind + "-picture");
    Array.prototype.forEach.call(section.querySelectorAll(".problem"), function (node) { node.remove(); });
    image.removeAttribute("src");
    var url = "/api/picture.svg?" + new URLSearchParams({q: current, kind: kind}).toString();
    fetch(url).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (answer) { problem(section, answer.error); });
      }
      return response.blob().then(function (blob) {
        image.src = URL.createObjectURL(blob);
      });
    });
  }

  function network() {
    var box = document.getElementById("network");
    box.textContent = "";
    api("/api/network", {q: current}).then(function (answer) {
      if (answer.error) {
        problem(box, answer.error);
        return;
      }
      window.eventgraphNetwork(box, answer);
    });
  }

  views.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.disabled || !current) return;
    var view = button.getAttribute("data-view");
    show(view);
    if (view === "timeline" || view === "counts") picture(view);
    if (view === "network") network();
  });

  // -- passages --------------------------------------------------------------------------
  function openPassage(id) {
    var aside = document.getElementById("passage");
    api("/api/passage", {id: id}).then(function (answer) {
      var text = document.getElementById("passage-text");
      text.textContent = "";
      aside.hidden = false;
      if (answer.error) {
        document.getElementById("passage-title").textContent = "no passage";
        document.getElementById("passage-meta").textContent = answer.error.message;
        document.getElementById("passage-label").textContent = "";
        return;
      }
      var documentInfo = answer.document;
      document.getElementById("passage-title").textContent = documentInfo.title || documentInfo.path;
      document.getElementById("passage-meta").textContent =
        documentInfo.path + (documentInfo.published ? " · published " + documentInfo.published : "");
      document.getElementById("passage-label").textContent = answer.label;
      var context = null;
      var first = null;
      answer.parts.forEach(function (part) {
        var node;
        if (part.mark === "highlight") {
          node = element("mark", part.text);
          first = first || node;
        } else {
          node = part.mark === "context" ? element("span", part.text, "context") : document.createTextNode(part.text);
        }
        if (part.mark !== "text") {
          if (!context) {
            context = element("span", null, "passage");
            text.appendChild(context);
          }
          context.appendChild(node);
        } else {
          context = null;
          text.appendChild(node);
        }
      });
      aside.setAttribute("data-id", id);
      if (first) first.scrollIntoView({block: "center"});
    });
  }

  document.getElementById("passage-close").addEventListener("click", function () {
    document.getElementById("passage").hidden = true;
  });

  // -- start -----------------------------------------------------------------------------
  document.getElementById("ask").addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value, true);
  });
  Array.prototype.forEach.call(document.querySelectorAll(".example"), function (button) {
    button.addEventListener("click", function () {
      input.value = button.textContent;
      run(input.value, true);
    });
  });
  window.addEventListener("popstate", function () {
    var text = new URLSearchParams(window.location.search).get("q") || "";
    input.value = text;
    run(text, false);
  });
  var start = new URLSearchParams(window.location.search).get("q");
  if (start) {
    input.value = start;
    run(start, false);
  }
  input.focus();
  document.body.setAttribute("data-ready", "true");
})();
