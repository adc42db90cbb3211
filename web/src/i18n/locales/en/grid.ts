// Grid supervision (market entities, grid administration, risk heat map) — helper A, issue 6.
export default {
  grid: {
    menu: { entities: 'Market entities', heatmap: 'Risk heat map', geo: 'Grid administration' },
    entity: {
      title: 'Market entities', add: 'Add entity', edit: 'Edit entity', creditCode: 'Credit code', name: 'Name',
      legalRep: 'Legal representative', address: 'Address', lon: 'Longitude', lat: 'Latitude', industry: 'Industry code', rights: 'Registered rights',
      rightsHint: 'Patent and trademark numbers, separated by commas or new lines', tags: 'Tags', risk: 'Risk level', area: 'Area', cell: 'Cell',
      dept: 'Supervising department', placement: 'Placement', unplaced: 'Unplaced', placed: 'Placed', unplacedList: 'Unplaced entities',
      unplacedHint: 'These entities lie in no cell (or have no coordinates): check their coordinates or add cells.', replace: 'Re-place all',
      replaced: 'Re-placed: {entities} entities, {changed} changed, {unplaced} unplaced',
      importResult: '{inserted} rows imported; {errors} rows with errors were not imported', unplacedRows: 'Rows {rows} were imported but are unplaced',
      storedRows: 'Rows imported: {rows}', importTitle: 'Import market entities',
    },
    risk: { low: 'Low', medium: 'Medium', high: 'High' },
    err: {
      creditCode: 'The credit code fails its GB 32100 check', industry: 'Industry code: a section letter and 2–4 digits (GB/T 4754), e.g. C2710',
      pair: 'Give both longitude and latitude', swapped: 'Latitude outside −90…90: longitude and latitude may be swapped', range: 'Outside the WGS84 range',
    },
    heat: {
      title: 'Risk heat map', measure: 'Measure', period: 'Period', total: 'Total', max: 'Maximum', none: 'None', cellList: 'Cell details',
      drillTitle: '{cell} · {measure}', drillEmpty: 'No records in this cell for the period', clickHint: 'Click a cell to see its list', legend: 'Legend',
      findingsPending: 'Inspection findings come from the random-inspection results; they count 0 until those tables exist.',
    },
    geo: {
      title: 'Grid administration', importTab: 'GeoJSON import', hexTab: 'Hexagon cells', stationTab: 'Protection stations', inspectorTab: 'Grid inspectors',
      kind: 'Feature kind', kindArea: 'Areas (streets / zones)', kindCell: 'Cells', replace: 'Replace the other cells of the areas named',
      geojson: 'GeoJSON (WGS84 FeatureCollection)', geojsonHint: 'Area properties: code, name, kind (street/town/zone); cell properties: code (area code-number), name, area_code.',
      file: 'Choose file', doImport: 'Check and import', imported: '{areas} areas and {cells} cells imported, {removed} cells removed; {unplaced} entities unplaced',
      featureErrors: 'These features failed the checks; nothing from the file was imported:', area: 'Area', resolution: 'H3 resolution', generate: 'Generate and replace the area’s cells',
      hexHint: 'Hexagons whose centre lies in the area; codes are “area code-H resolution number”, stable when generated again at the same resolution.',
      station: 'Station', stationName: 'Name', staff: 'Staff', addStation: 'Add station', editStation: 'Edit station',
      cell: 'Cell', inspectors: 'Inspectors', assign: 'Save assignment', assigned: 'Saved', cells: 'Cells',
    },
  },
}
