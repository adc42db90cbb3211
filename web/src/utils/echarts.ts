// ECharts, on demand: only the charts and components this console uses.
import * as echarts from 'echarts/core'
import { BarChart, EffectScatterChart, LinesChart, MapChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([
  BarChart, EffectScatterChart, LinesChart, MapChart, ScatterChart,
  GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  CanvasRenderer,
])

/** Animation off under test automation (navigator.webdriver), so screenshots and assertions are stable. */
export function animationEnabled(): boolean {
  return !(typeof navigator !== 'undefined' && navigator.webdriver)
}

export { echarts }
