// 网格监管（市场主体、网格管理、风险热力图）— helper A, issue 6.
export default {
  grid: {
    menu: { entities: '市场主体', heatmap: '风险热力图', geo: '网格管理' },
    entity: {
      title: '市场主体', add: '新增市场主体', edit: '修改市场主体', creditCode: '统一社会信用代码', name: '名称',
      legalRep: '法定代表人', address: '地址', lon: '经度', lat: '纬度', industry: '行业代码', rights: '登记权利',
      rightsHint: '专利号、商标注册号等，用逗号或换行分隔', tags: '标签', risk: '风险等级', area: '所属区域', cell: '所属网格',
      dept: '监管部门', placement: '落格', unplaced: '待落格', placed: '已落格', unplacedList: '待落格清单',
      unplacedHint: '以下市场主体的坐标不在任何网格内（或缺少坐标），请核实坐标或补充网格。', replace: '重新落格',
      replaced: '已重新落格：{entities} 个主体，{changed} 个变化，{unplaced} 个待落格',
      importResult: '已导入 {inserted} 行；{errors} 行有错误未导入', unplacedRows: '第 {rows} 行已导入但待落格',
      storedRows: '已导入的行：{rows}', importTitle: '导入市场主体',
    },
    risk: { low: '低', medium: '中', high: '高' },
    err: {
      creditCode: '统一社会信用代码校验未通过（GB 32100）', industry: '行业代码应为门类字母加 2–4 位数字（GB/T 4754），如 C2710',
      pair: '经度和纬度须同时填写', swapped: '纬度超出 −90…90：经纬度可能填反了', range: '超出 WGS84 经纬度范围',
    },
    heat: {
      title: '风险热力图', measure: '指标', period: '时间范围', total: '合计', max: '最大值', none: '无', cellList: '网格明细',
      drillTitle: '{cell} · {measure}', drillEmpty: '该网格在此时间范围内没有记录', clickHint: '点击网格查看明细', legend: '图例',
      findingsPending: '检查发现问题数来自双随机检查结果，相关数据表建立前计为 0。',
    },
    geo: {
      title: '网格管理', importTab: 'GeoJSON 导入', hexTab: '六边形网格生成', stationTab: '保护工作站', inspectorTab: '网格员指派',
      kind: '要素类型', kindArea: '区域（街镇/功能区）', kindCell: '网格', replace: '替换所涉区域的其他网格',
      geojson: 'GeoJSON（WGS84，FeatureCollection）', geojsonHint: '区域要素属性：code、name、kind（street/town/zone）；网格要素属性：code（区域编码-序号）、name、area_code。',
      file: '选择文件', doImport: '校验并导入', imported: '已导入区域 {areas} 个、网格 {cells} 个，移除网格 {removed} 个；待落格主体 {unplaced} 个',
      featureErrors: '以下要素未通过校验，整个文件未导入：', area: '区域', resolution: 'H3 分辨率', generate: '生成并替换该区域网格',
      hexHint: '按 H3 六边形中心落在区域内的规则生成；网格编码为“区域编码-H分辨率序号”，同一区域同一分辨率重复生成编码不变。',
      station: '工作站', stationName: '名称', staff: '人员', addStation: '新增工作站', editStation: '修改工作站',
      cell: '网格', inspectors: '网格员', assign: '保存指派', assigned: '已保存', cells: '网格数',
    },
  },
}
