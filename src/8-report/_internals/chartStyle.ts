/** The frame every chart of the reports shares: padding, font, colours, axis text. */
export const CHART_PADDING = { left: 4, right: 12, top: 6, bottom: 4 } as const;

export const CHART_CONFIG = {
  aria: false,
  background: 'white',
  font: 'sans-serif',
  view: { stroke: '#cbd5e1' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#334155', labelColor: '#334155', gridColor: '#e5e7eb' },
} as const;
