// Draws each figure's trend with Chart.js from the JSON in its canvas's data-trend (see Pages/Dashboards/_DoraCards.cshtml).
(function () {
    'use strict';

    if (!window.Chart) {
        return;
    }
    const brand = '#0b5cad';
    const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

    document.querySelectorAll('canvas[data-trend]').forEach((canvas) => {
        const trend = JSON.parse(canvas.dataset.trend);
        const chart = new Chart(canvas, {
            type: 'line',
            data: {
                labels: trend.labels,
                datasets: [{
                    label: trend.title,
                    data: trend.values,
                    borderColor: brand,
                    backgroundColor: 'rgba(11, 92, 173, 0.12)',
                    fill: true,
                    tension: 0.25,
                    pointRadius: 2,
                    spanGaps: false,
                }],
            },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                plugins: {
                    legend: { display: false },
                    tooltip: {
                        callbacks: {
                            label: (item) => item.raw === null
                                ? 'no data'
                                : `${number.format(item.raw)}${trend.suffix} (${trend.counts[item.dataIndex]} ${trend.counted})`,
                        },
                    },
                },
                scales: {
                    x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 6, font: { size: 10 } }, grid: { display: false } },
                    y: { beginAtZero: true, title: { display: true, text: trend.axis, font: { size: 10 } }, ticks: { maxTicksLimit: 4, font: { size: 10 } } },
                },
            },
        });
        canvas.dataset.points = String(chart.data.datasets[0].data.length);
    });
}());
