// 专利分析 / 高价值专利 / 产业分析 / 专利预警 / 相似专利 (helper D).
export default {
  patentAnalysis: {
    menu: { analysis: '专利分析', highValue: '高价值专利', industry: '产业分析', watch: '专利预警', similar: '相似专利' },
    unknown: '未知', count: '件数', item: '项目', total: '共 {n} 件专利', analyse: '分析',
    query: '检索式', queryHint: '如 TI=电池 AND IPC=H01M*；留空为全部专利',
    yearBasis: '年份', byApplication: '申请年', byGrant: '授权年', ipcLevel: 'IPC 层级', regionLevel: '地区层级',
    level: { section: '部', class: '大类', subclass: '小类', main_group: '大组', subgroup: '小组' },
    region: { province: '省', city: '市', district: '区县' },
    chart: { year: '申请趋势', applicant: '申请人排名（已归一）', ipc: '技术构成（IPC）', region: '地区分布', status: '法律状态', inventor: '发明人排名' },
    status: { pending: '审中', granted: '有效', lapsed: '未缴年费失效', expired: '期限届满', withdrawn: '撤回', rejected: '驳回', revoked: '无效宣告', abandoned: '放弃', unknown: '未知' },
    matrix: '申请人 × 技术构成矩阵', applicant: '申请人', pn: '公开(公告)号', title: '标题',
    criterion: {
      strategic_industry: '战略性新兴产业', overseas_family: '海外同族', maintained: '维持年限超过 N 年',
      pledge: '质押融资额较高', award: '国家科技奖/中国专利奖',
    },
    hv: {
      title: '高价值发明专利', criteria: '认定条件（满足任一）', years: '维持年限超过（年）', pledge: '质押金额不低于（元）',
      pledgeHint: '无官方数值，请按本地口径设置', area: '统计区域', compute: '计算', save: '保存为默认口径',
      valid: '有效发明专利', count: '高价值发明专利', per10k: '每万人口高价值发明专利拥有量',
      targets: '目标：滨海新区 {binhai} 件（KPI 8），天津市 2025 年 {tianjin} 件', drill: '明细（钻取）', sources: '口径与来源',
      verified: '已核对', unverified: '未核对', noTable: '尚未导入战略性新兴产业参照表：该条件不会命中任何专利。',
      demoTable: '正在使用演示参照表“{name}”，非官方数据，仅供演示；请在“产业分析”导入官方参照关系表。',
    },
    ind: {
      table: '参照表', mainOnly: '仅按主分类号', import: '导入参照表', chart: '按产业统计 — {name}', tables: '参照表管理',
      name: '名称', kind: '类型', kinds: { intensive: '专利密集型产业', strategic: '战略性新兴产业' }, rows: 'IPC 条目', active: '使用中',
      demo: '演示（非官方）', source: '来源', importedAt: '导入时间', activate: '启用', activateNow: '导入后立即启用',
      csvHint: '首行为列名：产业代码,产业名称,IPC[,说明]；IPC 可写多个，用分号分隔，如 H01M;G06N3/08;H01M10/05*',
      imported: '已导入 {n} 条 IPC 范围', rowErrors: '有 {n} 处错误，未导入任何数据',
    },
    watch: {
      lists: '预警清单', alerts: '预警记录', name: '名称', owner: '归属', userOwner: '个人', deptOwner: '本部门',
      conditions: '条件', alertCount: '预警数', history: '记录', sweep: '立即检查', swept: '检查完成：新增预警 {n} 条，Webhook 推送 {w} 次',
      bell: '专利预警：{n} 条未读',
      bellKind: '专利预警',
      unread: '{n} 条未读', readAll: '全部已读', raisedAt: '时间', patent: '专利 ID', reasons: '命中原因', batch: '批次',
      keywords: '关键词', region: '地区', listHint: '多个用分号或换行分隔', error: '错误',
      reason: { query: '检索式', applicant: '申请人', ipc: 'IPC', keyword: '关键词', region: '地区' },
    },
    sim: {
      byPatent: '按专利号', byText: '按技术描述', text: '技术描述', boost: 'IPC 加权', find: '查找相似专利', probe: '待审专利',
      freeText: '（自由文本）', neighbours: '最相近的 {n} 件现有技术', score: '综合得分', textScore: '文本', ipcOverlap: 'IPC',
      shared: '共同词项',
    },
  },
}
