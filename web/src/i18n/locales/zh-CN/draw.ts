// Grid draws, inspection tasks, grid events, joint actions — helper B, issue 6.
export default {
  draw: {
    menu: { draws: '双随机抽查', tasks: '检查任务', events: '网格事件', joint: '联合执法', task: '检查任务详情' },
    coverage: '年度抽查覆盖率', overdue: '超期未公示', joint: '联合执法（次/目标）', openEvents: '在办网格事件',
    newPlan: '新建抽查计划', no: '编号', year: '年度', state: '状态', pool: '名录库', item: '检查事项', industry: '行业代码前缀',
    count: '抽取数量', perTask: '每组人数', create: '保存', commit: '发布承诺', draw: '抽取', publish: '公示结果', record: '下载抽取记录',
    commitment: '承诺哈希', entityPool: '检查对象名录库', inspectorPool: '执法检查人员名录库', tasks: '检查任务', entity: '检查对象',
    inspectors: '执法人员', outcome: '检查结果', provisionalDue: '暂定', provisionalDueHint: '日历缺少该年度节假日安排，暂按周一至周五计算；录入该年度国务院办公厅通知后自动重算', publishBy: '公示期限', recusals: '回避情况', reasons: '回避事由',
    done: { commit: '承诺已发布', draw: '抽取完成', publish: '结果已公示' },
    states: { planned: '待承诺', committed: '已承诺待抽取', drawn: '已抽取', published: '已公示' },
    taskStates: { assigned: '待检查', in_progress: '检查中', done: '已出结果', published: '已公示' },
    mine: '只看我的', adhoc: '专项检查', checklist: '检查要点', yes: '是', no_: '否', na: '不适用', notes: '检查记录',
    photos: '现场照片', followUp: '后续处置', save: '保存', saved: '已保存', photoSaved: '照片已存证', openMatter: '发现问题转立案',
    matterOpened: '已登记事项 {no}', matter: '关联事项',
    outcomes: { compliant: '未发现问题（合格）', non_compliant: '发现问题已责令改正（不合格）', referred: '发现问题，移交立案查处', not_operating: '未发现开展相关经营活动', unreachable: '登记住所无法联系' },
    all: '全部', category: '事件类别', description: '描述', due: '处置期限', reworks: '返工', note: '意见/结果', deptId: '处置部门ID',
    evaluation: '综合评价', onTime: '按期处置率', reworkRate: '返工率', dims: { by_area: '区域评价', by_dept: '部门评价', by_post: '岗位评价' },
    stages: { collected: '信息收集', filed: '案卷建立', dispatched: '任务派遣', handling: '任务处理', fed_back: '处理反馈', closed: '核查结案', evaluated: '综合评价', dismissed: '不予立案' },
    newJoint: '新建联合执法行动', title: '行动名称', plan: '方案', depts: '参与部门', start: '开始', end: '结束', results: '结果', ended: '检查日期',
    address: '地址', lon: '经度', lat: '纬度', reporter: '姓名（可不填）', phone: '电话（可不填）',
    public: { title: '双随机抽查公示', subtitle: '抽取前公布承诺，抽取后公布种子、名录库与结果，任何人可复核', verifyHint: '下载抽取记录后，用 zhibao draw verify 或文档中的脚本（仅需 SHA-256）即可复算。' },
    report: { title: '网格事件上报', subtitle: '发现侵权假冒线索，请告诉我们地点和情况', submit: '提交', done: '已收到，事件编号' },
    // Console editing of the item list and inspector profiles, the map picker, matter ↔ task links (grid-ui).
    items: {
      menu: '检查事项清单', add: '新增检查事项', edit: '修改检查事项', code: '事项编码', name: '事项名称', citation: '法律依据',
      points: '检查要点', pointsHint: '每行一条检查要点', active: '启用', inactive: '已停用', disable: '停用', enable: '启用',
      used: '已被抽查计划或检查任务使用：可停用，不能删除',
    },
    inspectorsPage: {
      menu: '执法检查人员名录', add: '新增执法人员', edit: '修改执法人员档案', user: '人员', certified: '持有执法证',
      certNo: '执法证号', certExpires: '有效期至', cells: '所属网格', conflicts: '利害关系（信用代码）',
      conflictEntities: '利害关系（主体 ID）', relations: '关联主体 ID', conflictsCol: '申报的利害关系', expired: '已过期', none: '—',
      pickUser: '请选择人员', cellsHint: '修改所属网格还需要“分配网格员”权限', searchUser: '输入姓名或用户名搜索', idsHint: '多个用逗号分隔',
    },
    picker: {
      hint: '点击地图选择位置，也可直接填写经纬度', cell: '所在网格', outside: '该位置不在任何网格内', looking: '正在查询…',
      receiptCell: '所在网格',
    },
    sourceTasks: '来源检查任务', taskNo: '检查任务 #{id}',
  },
}
