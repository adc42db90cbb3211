// Patent information (issue 5)
export default {
  legalStatus: { pending: 'Pending', granted: 'In force', lapsed: 'Lapsed (fees)', expired: 'Expired', withdrawn: 'Withdrawn', rejected: 'Rejected', revoked: 'Revoked', abandoned: 'Abandoned', unknown: 'Unknown' },
  detail: { title: 'Patent', history: 'Legal status history', noHistory: 'No change seen on re-import', seenAt: 'Seen', change: 'Change', source: 'Source file' },
  menu: { search: 'Patent search', import: 'Patent import' },
  search: {
    expert: 'Expert', simple: 'One box',
    placeholderExpert: 'e.g. TI=(lithium AND separator) AND PD>=2021   (fields: TI AB CL DE PA IN IPC CPC AD PD PN AN ADDR; operators: AND OR NOT nW nD S P)',
    placeholderSimple: 'Keywords, an applicant or a publication number',
    run: 'Search', total: '{n} hits', sort: 'Sort',
    sortRelevance: 'Relevance', sortPdDesc: 'Publication date (newest)', sortPdAsc: 'Publication date (oldest)', sortAdDesc: 'Filing date (newest)', sortAdAsc: 'Filing date (oldest)',
    exportCsv: 'Export CSV', exportXlsx: 'Export Excel',
    pn: 'Publication no.', an: 'Application no.', title: 'Title', applicants: 'Applicants', ipc: 'IPC', pd: 'Published', ad: 'Filed', status: 'Legal status',
    syntaxError: 'The query is malformed', help: 'Syntax', noHits: 'No patents match',
  },
  imp: {
    title: 'Patent import', hint: 'USPTO grant full-text XML, CSV / XLSX with the Chinese export columns (申请号, 公开(公告)号, 标题, 摘要, 申请人, 发明人, IPC分类号, 申请日, 公开日, 法律状态, 申请人地址 …) and JSON Lines; importing a publication number again updates it.',
    choose: 'Choose files', run: 'Import', running: 'Importing…', report: 'Import report',
    file: 'File', imported: 'Imported', created: 'New', updated: 'Updated', skipped: 'Skipped', location: 'Where', problem: 'Problem',
    refused: 'File refused', warnings: 'Notes',
  },
}
