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
  // patents (issue 5, patents core)
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
