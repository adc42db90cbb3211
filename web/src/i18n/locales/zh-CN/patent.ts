// 专利信息（issue 5）
export default {
  legalStatus: { pending: '审中', granted: '有效', lapsed: '未缴年费失效', expired: '期限届满', withdrawn: '撤回', rejected: '驳回', revoked: '无效宣告', abandoned: '放弃', unknown: '未知' },
  detail: { title: '专利详情', history: '法律状态变更记录', noHistory: '再次导入时未见法律状态变化', seenAt: '发现时间', change: '变更', source: '来源文件' },
  menu: { search: '专利检索', import: '专利导入' },
  search: {
    expert: '专家检索', simple: '一框式检索',
    placeholderExpert: '例：TI=(锂电池 AND 隔膜) AND PD>=2021　（字段：TI AB CL DE PA IN IPC CPC AD PD PN AN ADDR；算符：AND OR NOT nW nD S P）',
    placeholderSimple: '输入关键词、申请人或公开号',
    run: '检索', total: '命中 {n} 件', sort: '排序',
    sortRelevance: '相关度', sortPdDesc: '公开日（新→旧）', sortPdAsc: '公开日（旧→新）', sortAdDesc: '申请日（新→旧）', sortAdAsc: '申请日（旧→新）',
    exportCsv: '导出 CSV', exportXlsx: '导出 Excel',
    pn: '公开(公告)号', an: '申请号', title: '标题', applicants: '申请人', ipc: 'IPC', pd: '公开日', ad: '申请日', status: '法律状态',
    syntaxError: '检索式有误', help: '语法说明', noHits: '没有命中的专利',
  },
  imp: {
    title: '专利导入', hint: '支持 USPTO 授权全文 XML、中文列名的 CSV / XLSX（申请号、公开(公告)号、标题、摘要、申请人、发明人、IPC分类号、申请日、公开日、法律状态、申请人地址…）和 JSON Lines；同一公开号再次导入即更新。',
    choose: '选择文件', run: '开始导入', running: '正在导入…', report: '导入报告',
    file: '文件', imported: '导入', created: '新增', updated: '更新', skipped: '跳过', location: '位置', problem: '问题',
    refused: '整个文件未导入', warnings: '提示',
  },
}
