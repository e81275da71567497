// Draws the CMDB graph the page embeds in #graph-data (see Pages/Cmdb/Graph.cshtml) with Cytoscape.js.
(function () {
    'use strict';

    const classColours = {
        'business-service': '#b3261e',
        'technical-service': '#e8710a',
        'workload': '#0b5cad',
        'kubernetes-service': '#4285f4',
        'ingress': '#7b1fa2',
        'namespace': '#9aa0a6',
        'cluster': '#5f6368',
        'cloud-resource': '#f9ab00',
        'database': '#1e7d32',
        'queue': '#00897b',
        'repository': '#6d4c41',
        'pipeline': '#8d6e63',
        'environment': '#c2185b',
        'team': '#3949ab',
        'person': '#5c6bc0',
        'api': '#00acc1',
        'system': '#ad1457',
        'domain': '#795548',
    };

    const container = document.getElementById('graph');
    const source = document.getElementById('graph-data');
    if (!container || !source) {
        return;
    }
    const graph = JSON.parse(source.textContent);
    const nodeId = (id) => 'ci-' + id;

    const elements = graph.nodes.map((node) => ({
        group: 'nodes',
        data: {
            id: nodeId(node.id),
            label: node.name,
            key: node.key,
            ciClass: node.class,
            colour: classColours[node.class] || '#5b6675',
            href: '/cmdb/cis/' + node.id,
        },
        classes: node.id === graph.root ? 'root' : '',
    })).concat(graph.edges.map((edge) => ({
        group: 'edges',
        data: { source: nodeId(edge.from), target: nodeId(edge.to), label: edge.type },
    })));

    const cy = cytoscape({
        container: container,
        elements: elements,
        wheelSensitivity: 0.3,
        style: [
            {
                selector: 'node',
                style: {
                    'background-color': 'data(colour)',
                    'label': 'data(label)',
                    'font-size': 11,
                    'color': '#1b2430',
                    'text-valign': 'bottom',
                    'text-margin-y': 4,
                    'width': 26,
                    'height': 26,
                },
            },
            {
                selector: 'node.root',
                style: { 'width': 40, 'height': 40, 'border-width': 4, 'border-color': '#1b2430', 'font-weight': 'bold' },
            },
            {
                selector: 'edge',
                style: {
                    'width': 1.5,
                    'line-color': '#9aa0a6',
                    'target-arrow-color': '#9aa0a6',
                    'target-arrow-shape': 'triangle',
                    'curve-style': 'bezier',
                    'label': 'data(label)',
                    'font-size': 9,
                    'color': '#5b6675',
                    'text-rotation': 'autorotate',
                    'text-background-color': '#ffffff',
                    'text-background-opacity': 1,
                },
            },
        ],
        layout: {
            name: 'breadthfirst',
            roots: '#' + nodeId(graph.root),
            directed: false,
            // Rings around the item, one per hop: a wide level laid out in a row would overlap its labels.
            circle: true,
            spacingFactor: 1.1,
            padding: 30,
        },
    });

    const legend = document.getElementById('graph-legend');
    if (legend) {
        [...new Set(graph.nodes.map((node) => node.class))].sort().forEach((ciClass) => {
            const item = document.createElement('li');
            const swatch = document.createElement('span');
            swatch.className = 'swatch';
            swatch.style.backgroundColor = classColours[ciClass] || '#5b6675';
            item.append(swatch, ciClass);
            legend.append(item);
        });
    }

    cy.on('tap', 'node', (event) => {
        window.location.assign(event.target.data('href'));
    });
    cy.on('mouseover', 'node', (event) => {
        container.title = event.target.data('ciClass') + ' · ' + event.target.data('key');
        container.style.cursor = 'pointer';
    });
    cy.on('mouseout', 'node', () => {
        container.title = '';
        container.style.cursor = '';
    });
}());
