import type { RouteRecordRaw } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title?: string
    /** Permission needed to open the page (and to see its menu entry). */
    perm?: string
    /** Needs a signed-in user. */
    auth?: boolean
    /** Sidebar group key (i18n `menu.<group>`); absent = top level. */
    group?: string
    /** Icon name from @element-plus/icons-vue (see layout/icons.ts). */
    icon?: string
    /** Hidden from the sidebar. */
    hidden?: boolean
    /** Sidebar entry to highlight for a hidden page (e.g. a detail page under its list). */
    activeMenu?: string
  }
}

/** Sidebar groups, in order, with their icons. */
export const MENU_GROUPS: Array<{ key: string; icon: string }> = [
  { key: 'case', icon: 'Briefcase' },
  { key: 'evidence', icon: 'Stamp' },
  { key: 'system', icon: 'Setting' },
  { key: 'monitor', icon: 'Monitor' },
  { key: 'geo', icon: 'MapLocation' },
  // Grid registry (helper A, issue 6).
  { key: 'grid', icon: 'Grid' },
  // 专利信息 (issue 5): patents core, analytics.
  { key: 'patent', icon: 'Document' },
]

export const consoleChildren: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/console/HomeView.vue'),
    meta: { title: 'menu.home', icon: 'HomeFilled' },
  },
  {
    path: 'case/list',
    name: 'case-list',
    component: () => import('@/views/case/CaseListView.vue'),
    meta: { title: 'menu.caseList', perm: 'case:matter:list', group: 'case', icon: 'Tickets' },
  },
  {
    path: 'case/tasks',
    name: 'case-tasks',
    component: () => import('@/views/case/TasksView.vue'),
    meta: { title: 'menu.caseTasks', perm: 'case:task:list', group: 'case', icon: 'AlarmClock' },
  },
  {
    path: 'case/overdue',
    name: 'case-overdue',
    component: () => import('@/views/case/OverdueView.vue'),
    meta: { title: 'menu.caseOverdue', perm: 'case:overdue:list', group: 'case', icon: 'Bell' },
  },
  {
    path: 'case/dispatch',
    name: 'case-dispatch',
    component: () => import('@/views/case/DispatchView.vue'),
    meta: { title: 'menu.caseDispatch', perm: 'case:dispatch:list', group: 'case', icon: 'Share' },
  },
  {
    path: 'case/calendar',
    name: 'case-calendar',
    component: () => import('@/views/case/CalendarView.vue'),
    meta: { title: 'menu.caseCalendar', perm: 'case:calendar:list', group: 'case', icon: 'Calendar' },
  },
  {
    path: 'case/:id(\\d+)',
    name: 'case-detail',
    component: () => import('@/views/case/CaseDetailView.vue'),
    meta: { title: 'menu.caseDetail', perm: 'case:matter:list', group: 'case', hidden: true, activeMenu: '/console/case/list' },
  },
  {
    path: 'evidence/ledger',
    name: 'evidence-ledger',
    component: () => import('@/views/evidence/LedgerView.vue'),
    meta: { title: 'menu.ledger', perm: 'evidence:ledger:view', group: 'evidence', icon: 'Connection' },
  },
  {
    path: 'system/user',
    name: 'system-user',
    component: () => import('@/views/system/user/UserView.vue'),
    meta: { title: 'menu.user', perm: 'system:user:list', group: 'system', icon: 'User' },
  },
  {
    path: 'system/dept',
    name: 'system-dept',
    component: () => import('@/views/system/dept/DeptView.vue'),
    meta: { title: 'menu.dept', perm: 'system:dept:list', group: 'system', icon: 'OfficeBuilding' },
  },
  {
    path: 'system/role',
    name: 'system-role',
    component: () => import('@/views/system/role/RoleView.vue'),
    meta: { title: 'menu.role', perm: 'system:role:list', group: 'system', icon: 'Avatar' },
  },
  {
    path: 'system/dict',
    name: 'system-dict',
    component: () => import('@/views/system/dict/DictView.vue'),
    meta: { title: 'menu.dict', perm: 'system:dict:list', group: 'system', icon: 'Collection' },
  },
  {
    path: 'monitor/operlog',
    name: 'monitor-operlog',
    component: () => import('@/views/monitor/OperLogView.vue'),
    meta: { title: 'menu.operlog', perm: 'monitor:operlog:list', group: 'monitor', icon: 'Document' },
  },
  {
    path: 'monitor/logininfor',
    name: 'monitor-logininfor',
    component: () => import('@/views/monitor/LoginLogView.vue'),
    meta: { title: 'menu.logininfor', perm: 'monitor:logininfor:list', group: 'monitor', icon: 'Key' },
  },
  {
    path: 'geo/map',
    name: 'geo-map',
    component: () => import('@/views/geo/OrgMapView.vue'),
    meta: { title: 'menu.map', perm: 'geo:map:view', group: 'geo', icon: 'MapLocation' },
  },
  // Grid registry (helper A, issue 6): 市场主体, 风险热力图, 网格管理.
  {
    path: 'grid/entities',
    name: 'grid-entities',
    component: () => import('@/views/grid/EntityView.vue'),
    meta: { title: 'grid.menu.entities', perm: 'grid:entity:list', group: 'grid', icon: 'OfficeBuilding' },
  },
  {
    path: 'grid/heatmap',
    name: 'grid-heatmap',
    component: () => import('@/views/grid/HeatMapView.vue'),
    meta: { title: 'grid.menu.heatmap', perm: 'grid:heatmap:view', group: 'grid', icon: 'MapLocation' },
  },
  {
    path: 'grid/geo',
    name: 'grid-geo',
    component: () => import('@/views/grid/GeoAdminView.vue'),
    meta: { title: 'grid.menu.geo', perm: 'grid:geo:list', group: 'grid', icon: 'Grid' },
  },
  // Grid draws, inspection tasks, grid events, joint actions (helper B, issue 6).
  {
    path: 'grid/draws',
    name: 'grid-draws',
    component: () => import('@/views/draw/DrawsView.vue'),
    meta: { title: 'draw.menu.draws', perm: 'grid:draw:list', group: 'grid', icon: 'Finished' },
  },
  {
    path: 'grid/tasks',
    name: 'grid-tasks',
    component: () => import('@/views/draw/TasksView.vue'),
    meta: { title: 'draw.menu.tasks', perm: 'grid:task:list', group: 'grid', icon: 'List' },
  },
  {
    path: 'grid/tasks/:id(\\d+)',
    name: 'grid-task',
    component: () => import('@/views/draw/TaskView.vue'),
    meta: { title: 'draw.menu.task', perm: 'grid:task:list', group: 'grid', hidden: true, activeMenu: '/console/grid/tasks' },
  },
  {
    path: 'grid/events',
    name: 'grid-events',
    component: () => import('@/views/draw/EventsView.vue'),
    meta: { title: 'draw.menu.events', perm: 'grid:event:list', group: 'grid', icon: 'Warning' },
  },
  {
    path: 'grid/joint',
    name: 'grid-joint',
    component: () => import('@/views/draw/JointView.vue'),
    meta: { title: 'draw.menu.joint', perm: 'grid:joint:list', group: 'grid', icon: 'Connection' },
  },
  // The inspection-item list and the inspector pool, edited in the console (grid-ui; buttons by grid:draw:item /
  // grid:draw:inspector).
  {
    path: 'grid/draw-items',
    name: 'grid-draw-items',
    component: () => import('@/views/draw/ItemsView.vue'),
    meta: { title: 'draw.items.menu', perm: 'grid:draw:list', group: 'grid', icon: 'Document' },
  },
  {
    path: 'grid/draw-inspectors',
    name: 'grid-draw-inspectors',
    component: () => import('@/views/draw/InspectorsView.vue'),
    meta: { title: 'draw.inspectorsPage.menu', perm: 'grid:draw:list', group: 'grid', icon: 'Avatar' },
  },
  // patents (issue 5, patents core)
  {
    path: 'patent/search',
    name: 'patent-search',
    component: () => import('@/views/patent/PatentSearchView.vue'),
    meta: { title: 'patent.menu.search', perm: 'patent:search:list', group: 'patent', icon: 'Tickets' },
  },
  {
    path: 'patent/import',
    name: 'patent-import',
    component: () => import('@/views/patent/PatentImportView.vue'),
    meta: { title: 'patent.menu.import', perm: 'patent:import:add', group: 'patent', icon: 'Collection' },
  },
  // 专利分析 / 高价值专利 / 产业分析 / 专利预警 / 相似专利 (helper D).
  {
    path: 'patent/analysis',
    name: 'patent-analysis',
    component: () => import('@/views/patent/analysis/AnalysisView.vue'),
    meta: { title: 'patentAnalysis.menu.analysis', perm: 'patent:analysis:view', group: 'patent', icon: 'DataAnalysis' },
  },
  {
    path: 'patent/high-value',
    name: 'patent-high-value',
    component: () => import('@/views/patent/analysis/HighValueView.vue'),
    meta: { title: 'patentAnalysis.menu.highValue', perm: 'patent:analysis:view', group: 'patent', icon: 'Trophy' },
  },
  {
    path: 'patent/industry',
    name: 'patent-industry',
    component: () => import('@/views/patent/analysis/IndustryView.vue'),
    meta: { title: 'patentAnalysis.menu.industry', perm: 'patent:analysis:view', group: 'patent', icon: 'Histogram' },
  },
  {
    path: 'patent/watch',
    name: 'patent-watch',
    component: () => import('@/views/patent/analysis/WatchView.vue'),
    meta: { title: 'patentAnalysis.menu.watch', perm: 'patent:watch:list', group: 'patent', icon: 'Warning' },
  },
  {
    path: 'patent/similar',
    name: 'patent-similar',
    component: () => import('@/views/patent/analysis/SimilarView.vue'),
    meta: { title: 'patentAnalysis.menu.similar', perm: 'patent:analysis:view', group: 'patent', icon: 'CopyDocument' },
  },
  {
    path: '403',
    name: 'forbidden',
    component: () => import('@/views/error/ForbiddenView.vue'),
    meta: { title: 'menu.forbidden', hidden: true },
  },
  {
    path: ':pathMatch(.*)*',
    name: 'console-not-found',
    component: () => import('@/views/error/NotFoundView.vue'),
    meta: { title: 'menu.notFound', hidden: true },
  },
]

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'portal',
    component: () => import('@/views/portal/PortalView.vue'),
    meta: { title: 'portal.nav.home' },
  },
  {
    path: '/file',
    name: 'file',
    component: () => import('@/views/public/FileView.vue'),
    meta: { title: 'site.file' },
  },
  {
    path: '/lookup',
    name: 'lookup',
    component: () => import('@/views/public/LookupView.vue'),
    meta: { title: 'site.lookup' },
  },
  {
    path: '/verify',
    name: 'verify',
    component: () => import('@/views/public/VerifyView.vue'),
    meta: { title: 'site.verify' },
  },
  // Public pages of grid draws and events (helper B, issue 6).
  {
    path: '/draws',
    name: 'public-draws',
    component: () => import('@/views/draw/PublicDrawsView.vue'),
    meta: { title: 'draw.public.title' },
  },
  {
    path: '/report-event',
    name: 'report-event',
    component: () => import('@/views/draw/ReportEventView.vue'),
    meta: { title: 'draw.report.title' },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { title: 'login.title' },
  },
  {
    path: '/console',
    component: () => import('@/layout/ConsoleLayout.vue'),
    meta: { auth: true },
    children: consoleChildren,
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/NotFoundView.vue'),
    meta: { title: 'menu.notFound' },
  },
]
