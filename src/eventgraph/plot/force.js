/* eventgraph: an actor network drawn in SVG with a small force layout, and no dependencies.

   eventgraphNetwork(container, data) draws
     data = {title, note, path, kinds: {kind: colour},
             nodes: [{id, name, kind, meetings}],
             edges: [{source, target, kind, weight, width, labels: [text]}]}
   into container. Drag an actor to move it (it stays where it is dropped; double-click
   frees it), drag the background to pan, scroll to zoom; click an actor or a line to read
   who met whom, when, and where it is reported. Every name is set as text, never as markup.
*/
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";

  function make(name, attributes, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, String(attributes[key]));
    });
    if (parent) parent.appendChild(node);
    return node;
  }

  function radius(node) {
    return Math.min(8 + 4 * Math.sqrt(node.meetings || 0), 28);
  }

  /* One step of the simulation: actors push each other apart, ties pull their ends to a
     common length, a weak pull keeps everything near the centre; alpha cools it all. */
  function tick(nodes, links, alpha, width, height) {
    var i, j, a, b, dx, dy, d2, d, f;
    for (i = 0; i < nodes.length; i++) {
      a = nodes[i];
      for (j = i + 1; j < nodes.length; j++) {
        b = nodes[j];
        dx = b.x - a.x;
        dy = b.y - a.y;
        d2 = dx * dx + dy * dy;
        if (d2 < 1) {
          dx = (j - i) * 0.7;
          dy = (i + j) % 3 - 1 || 0.5;
          d2 = dx * dx + dy * dy;
        }
        f = (700 * alpha) / d2;
        a.vx -= dx * f;
        a.vy -= dy * f;
        b.vx += dx * f;
        b.vy += dy * f;
      }
    }
    links.forEach(function (link) {
      dx = link.target.x - link.source.x;
      dy = link.target.y - link.source.y;
      d = Math.sqrt(dx * dx + dy * dy) || 1;
      f = ((d - link.length) / d) * 0.3 * alpha;
      link.source.vx += dx * f;
      link.source.vy += dy * f;
      link.target.vx -= dx * f;
      link.target.vy -= dy * f;
    });
    nodes.forEach(function (node) {
      if (node.fixed) {
        node.vx = node.vy = 0;
        return;
      }
      node.vx += (width / 2 - node.x) * 0.04 * alpha;
      node.vy += (height / 2 - node.y) * 0.04 * alpha;
      node.vx *= 0.6;
      node.vy *= 0.6;
      node.x = Math.max(40, Math.min(width - 40, node.x + node.vx));
      node.y = Math.max(30, Math.min(height - 40, node.y + node.vy));
    });
  }

  /* Scale and move the laid-out actors to fill the drawing, whatever spread the forces gave. */
  function fit(nodes, width, height) {
    if (nodes.length < 2) {
      nodes.forEach(function (node) { node.x = width / 2; node.y = height / 2; });
      return;
    }
    var xs = nodes.map(function (node) { return node.x; });
    var ys = nodes.map(function (node) { return node.y; });
    var left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
    var top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
    var scale = Math.min((width - 160) / Math.max(right - left, 1), (height - 90) / Math.max(bottom - top, 1), 3);
    nodes.forEach(function (node) {
      node.x = width / 2 + (node.x - (left + right) / 2) * scale;
      node.y = height / 2 - 10 + (node.y - (top + bottom) / 2) * scale;
    });
  }

  function draw(container, data) {
    container.textContent = "";
    var width = Math.max(container.clientWidth || 0, 640);
    var height = Math.max(420, Math.min(720, Math.round(width * 0.56)));
    var nodes = data.nodes.map(function (node, index) {
      var angle = (2 * Math.PI * index) / Math.max(1, data.nodes.length);
      var spread = Math.min(width, height) * 0.35;
      return {
        id: node.id, name: node.name, kind: node.kind, meetings: node.meetings,
        x: data.path ? 60 + ((width - 120) * index) / Math.max(1, data.nodes.length - 1) : width / 2 + spread * Math.cos(angle),
        y: data.path ? height / 2 + (index % 2 ? 40 : -40) : height / 2 + spread * Math.sin(angle),
        vx: 0, vy: 0, fixed: false
      };
    });
    var byId = {};
    nodes.forEach(function (node) { byId[node.id] = node; });
    var links = data.edges.filter(function (edge) {
      return byId[edge.source] && byId[edge.target];
    }).map(function (edge) {
      return {
        source: byId[edge.source], target: byId[edge.target], kind: edge.kind, weight: edge.weight,
        width: edge.width, labels: edge.labels, length: 110
      };
    });
    if (data.path) {
      var order = [];
      links.forEach(function (link) {
        [link.source, link.target].forEach(function (node) {
          if (order.indexOf(node) < 0) order.push(node);
        });
      });
      nodes.forEach(function (node) { if (order.indexOf(node) < 0) order.push(node); });
      order.forEach(function (node, index) {
        node.x = 80 + ((width - 160) * index) / Math.max(1, order.length - 1);
        node.y = height / 2 + (index % 2 ? 50 : -50);
        node.fixed = true;
      });
    }
    var alpha = 1;
    for (var step = 0; step < 400 && !data.path; step++) {
      tick(nodes, links, alpha, width, height);
      alpha *= 0.985;
    }
    if (!data.path) fit(nodes, width, height);

    var legend = document.createElement("p");
    legend.className = "eg-legend";
    Object.keys(data.kinds || {}).filter(function (kind) {
      return nodes.some(function (node) { return node.kind === kind; });
    }).forEach(function (kind) {
      var key = document.createElement("span");
      var dot = document.createElement("span");
      dot.className = "eg-dot";
      dot.style.background = data.kinds[kind];
      key.appendChild(dot);
      key.appendChild(document.createTextNode(kind));
      legend.appendChild(key);
    });
    var key = document.createElement("span");
    key.textContent = "line width: number of meetings" + (links.some(function (link) {
      return link.kind === "document";
    }) ? "; dashed: named in one document" : "");
    legend.appendChild(key);
    container.appendChild(legend);

    var svg = make("svg", {
      "class": "eg-network", viewBox: "0 0 " + width + " " + height, width: "100%", height: height,
      role: "img", "aria-label": data.title || "actor network"
    }, container);
    var view = make("g", {"class": "eg-view"}, svg);
    var lines = make("g", {"class": "eg-ties"}, view);
    var actors = make("g", {"class": "eg-actors"}, view);
    var info = document.createElement("p");
    info.className = "eg-network-info";
    info.textContent = "Click an actor or a line for the meetings behind it; drag to move, scroll to zoom.";
    container.appendChild(info);

    links.forEach(function (link) {
      link.line = make("line", {
        "class": "eg-tie", stroke: "#8c8c8c", "stroke-width": link.width, "stroke-linecap": "round",
        "stroke-dasharray": link.kind === "document" ? "7 5" : "none"
      }, lines);
      make("title", {}, link.line).textContent =
        link.source.name + " – " + link.target.name + ": " + link.labels.join("\n");
      if (data.path) {
        var words = link.labels[0] || "";
        link.caption = make("text", {
          "class": "eg-tie-caption", "text-anchor": "middle", "font-size": 13, "font-family": "DejaVu Sans, sans-serif",
          stroke: "white", "stroke-width": 5, "paint-order": "stroke", fill: "#333333"
        }, lines);
        link.caption.textContent = words.length > 60 ? words.slice(0, 59) + "…" : words;
      }
      link.line.eventgraphLink = link;
    });
    nodes.forEach(function (node) {
      node.group = make("g", {"class": "eg-node", "data-id": node.id, "data-kind": node.kind}, actors);
      make("circle", {
        r: radius(node), fill: (data.kinds || {})[node.kind] || "#555555", stroke: "white", "stroke-width": 2
      }, node.group);
      var label = make("text", {
        y: radius(node) + 15, "text-anchor": "middle", "font-size": 14, "font-family": "DejaVu Sans, sans-serif",
        stroke: "white", "stroke-width": 4, "paint-order": "stroke", fill: "#222222"
      }, node.group);
      label.textContent = node.name;
      make("title", {}, node.group).textContent = node.name + " (" + node.kind + ")";
    });

    function render() {
      links.forEach(function (link) {
        link.line.setAttribute("x1", link.source.x.toFixed(1));
        link.line.setAttribute("y1", link.source.y.toFixed(1));
        link.line.setAttribute("x2", link.target.x.toFixed(1));
        link.line.setAttribute("y2", link.target.y.toFixed(1));
        if (link.caption) {
          link.caption.setAttribute("x", ((link.source.x + link.target.x) / 2).toFixed(1));
          link.caption.setAttribute("y", ((link.source.y + link.target.y) / 2 - 8).toFixed(1));
        }
      });
      nodes.forEach(function (node) {
        node.group.setAttribute("transform", "translate(" + node.x.toFixed(1) + "," + node.y.toFixed(1) + ")");
      });
    }

    var running = false;
    function animate() {
      if (running) return;
      running = true;
      alpha = Math.max(alpha, 0.3);
      (function frame() {
        tick(nodes, links, alpha, width, height);
        alpha *= 0.96;
        render();
        if (alpha > 0.01) {
          window.requestAnimationFrame(frame);
        } else {
          running = false;
        }
      })();
    }

    var zoom = {k: 1, x: 0, y: 0};
    function applyZoom() {
      view.setAttribute("transform", "translate(" + zoom.x + "," + zoom.y + ") scale(" + zoom.k + ")");
    }
    function point(event) {
      var box = svg.getBoundingClientRect();
      var sx = ((event.clientX - box.left) / box.width) * width;
      var sy = ((event.clientY - box.top) / box.height) * height;
      return {x: (sx - zoom.x) / zoom.k, y: (sy - zoom.y) / zoom.k, sx: sx, sy: sy};
    }
    function describeNode(node) {
      var ties = links.filter(function (link) { return link.source === node || link.target === node; });
      info.textContent = node.name + " (" + node.kind + ", " + node.meetings + " meeting" +
        (node.meetings === 1 ? "" : "s") + "): " + ties.map(function (link) {
          var other = link.source === node ? link.target : link.source;
          return other.name + " (" + link.weight + ")";
        }).join(", ");
      links.forEach(function (link) {
        link.line.setAttribute("stroke", ties.indexOf(link) >= 0 ? "#222222" : "#8c8c8c");
      });
    }
    function describeLink(link) {
      info.textContent = link.source.name + " and " + link.target.name + " (" + link.weight + " " +
        (link.kind === "document" ? "document" : "meeting") + (link.weight === 1 ? "" : "s") + "): " +
        link.labels.join(" | ");
    }

    /* A press on an actor drags it, on the background pans; a press that does not move is a
       click: it describes the actor or the line under it. */
    var press = null;
    var last = null;
    nodes.forEach(function (node) {
      node.group.addEventListener("pointerdown", function (event) {
        event.stopPropagation();
        press = {node: node, x: event.clientX, y: event.clientY, moved: false};
        svg.setPointerCapture(event.pointerId);
      });
    });
    svg.addEventListener("pointerdown", function (event) {
      press = {link: event.target.eventgraphLink || null, x: event.clientX, y: event.clientY,
        zx: zoom.x, zy: zoom.y, moved: false};
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!press) return;
      if (!press.moved && Math.abs(event.clientX - press.x) + Math.abs(event.clientY - press.y) < 4) return;
      press.moved = true;
      if (press.node) {
        var at = point(event);
        press.node.fixed = true;
        press.node.x = at.x;
        press.node.y = at.y;
        animate();
        render();
      } else {
        var box = svg.getBoundingClientRect();
        zoom.x = press.zx + ((event.clientX - press.x) / box.width) * width;
        zoom.y = press.zy + ((event.clientY - press.y) / box.height) * height;
        applyZoom();
      }
    });
    svg.addEventListener("pointerup", function () {
      if (press && !press.moved) {
        if (press.node) describeNode(press.node);
        else if (press.link) describeLink(press.link);
      }
      last = press && press.node;
      press = null;
    });
    svg.addEventListener("dblclick", function () {
      if (last && !data.path) {
        last.fixed = false;
        animate();
      }
    });
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = point(event);
      var k = Math.max(0.3, Math.min(4, zoom.k * Math.exp(-event.deltaY * 0.0015)));
      zoom.x = at.sx - at.x * k;
      zoom.y = at.sy - at.y * k;
      zoom.k = k;
      applyZoom();
    }, {passive: false});

    render();
    svg.setAttribute("data-settled", "true");
    return svg;
  }

  window.eventgraphNetwork = draw;
})();
