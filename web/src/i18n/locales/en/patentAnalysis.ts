// Patent analytics / high-value patents / industries / watch / similar patents (helper D).
import type zh from '../zh-CN/patentAnalysis'

const en: typeof zh = {
  patentAnalysis: {
    menu: { analysis: 'Patent analytics', highValue: 'High-value patents', industry: 'Industries', watch: 'Patent watch', similar: 'Similar patents' },
    unknown: 'Unknown', count: 'Patents', item: 'Item', total: '{n} patents', analyse: 'Analyse',
    query: 'Query', queryHint: 'e.g. TI=battery AND IPC=H01M*; empty for all patents',
    yearBasis: 'Year', byApplication: 'Filing year', byGrant: 'Grant year', ipcLevel: 'IPC level', regionLevel: 'Region level',
    level: { section: 'Section', class: 'Class', subclass: 'Subclass', main_group: 'Main group', subgroup: 'Subgroup' },
    region: { province: 'Province', city: 'City', district: 'District' },
    chart: { year: 'Filings by year', applicant: 'Top applicants (normalised)', ipc: 'Technology (IPC)', region: 'Regions', status: 'Legal status', inventor: 'Top inventors' },
    status: { pending: 'Pending', granted: 'In force', lapsed: 'Lapsed (fees)', expired: 'Expired', withdrawn: 'Withdrawn', rejected: 'Refused', revoked: 'Revoked', abandoned: 'Abandoned', unknown: 'Unknown' },
    matrix: 'Applicant × technology matrix', applicant: 'Applicant', pn: 'Publication no.', title: 'Title',
    criterion: {
      strategic_industry: 'Strategic emerging industry', overseas_family: 'Overseas family', maintained: 'Maintained over N years',
      pledge: 'High pledge financing', award: 'National S&T award / China Patent Award',
    },
    hv: {
      title: 'High-value invention patents', criteria: 'Criteria (any of)', years: 'Maintained over (years)', pledge: 'Pledged at least (yuan)',
      pledgeHint: 'No official figure: set your local rule', area: 'Area', compute: 'Compute', save: 'Save as default',
      valid: 'Valid invention patents', count: 'High-value invention patents', per10k: 'High-value invention patents per 10,000 people',
      targets: 'Targets: Binhai {binhai} (KPI 8), Tianjin 2025 {tianjin}', drill: 'Drill-down', sources: 'Definition and sources',
      verified: 'checked', unverified: 'not checked', noTable: 'No strategic-industry table imported: that criterion matches nothing.',
      demoTable: 'Using the demo table "{name}" — not official data; import the official concordance under Industries.',
    },
    ind: {
      table: 'Table', mainOnly: 'Main IPC only', import: 'Import table', chart: 'Patents by industry — {name}', tables: 'Concordance tables',
      name: 'Name', kind: 'Kind', kinds: { intensive: 'Patent-intensive industries', strategic: 'Strategic emerging industries' }, rows: 'IPC ranges', active: 'In use',
      demo: 'Demo (not official)', source: 'Source', importedAt: 'Imported', activate: 'Use', activateNow: 'Use it after import',
      csvHint: 'Header: industry_code,industry_name,ipc[,note]; several IPC ranges separated by semicolons, e.g. H01M;G06N3/08;H01M10/05*',
      imported: '{n} IPC ranges imported', rowErrors: '{n} problems; nothing was imported',
    },
    watch: {
      lists: 'Watch lists', alerts: 'Alerts', name: 'Name', owner: 'Owner', userOwner: 'Me', deptOwner: 'My department',
      conditions: 'Conditions', alertCount: 'Alerts', history: 'History', sweep: 'Check now', swept: 'Checked: {n} new alerts, {w} webhook posts',
      bell: 'Patent watch: {n} unread',
      bellKind: 'Patent alert',
      unread: '{n} unread', readAll: 'Mark all read', raisedAt: 'Time', patent: 'Patent ID', reasons: 'Why', batch: 'Batch',
      keywords: 'Keywords', region: 'Region', listHint: 'Separate with semicolons or new lines', error: 'Error',
      reason: { query: 'Query', applicant: 'Applicant', ipc: 'IPC', keyword: 'Keyword', region: 'Region' },
    },
    sim: {
      byPatent: 'By patent', byText: 'By description', text: 'Description', boost: 'IPC boost', find: 'Find similar', probe: 'Patent under examination',
      freeText: '(free text)', neighbours: 'Nearest {n} prior-art documents', score: 'Score', textScore: 'Text', ipcOverlap: 'IPC',
      shared: 'Shared terms',
    },
  },
}

export default en
