// Grid draws, inspection tasks, grid events, joint actions — helper B, issue 6.
export default {
  draw: {
    menu: { draws: 'Random inspections', tasks: 'Inspection tasks', events: 'Grid events', joint: 'Joint enforcement', task: 'Inspection task' },
    coverage: 'Coverage this year', overdue: 'Results overdue', joint: 'Joint actions (done/target)', openEvents: 'Open grid events',
    newPlan: 'New draw plan', no: 'Number', year: 'Year', state: 'State', pool: 'Pool', item: 'Inspection item', industry: 'Industry prefixes',
    count: 'Entities to draw', perTask: 'Inspectors per task', create: 'Save', commit: 'Publish commitment', draw: 'Draw', publish: 'Publish results', record: 'Download record',
    commitment: 'Commitment hash', entityPool: 'Entity pool', inspectorPool: 'Inspector pool', tasks: 'Tasks', entity: 'Entity',
    inspectors: 'Inspectors', outcome: 'Result', provisionalDue: 'Provisional', provisionalDueHint: 'The calendar lacks that year\'s holiday table; counted Monday–Friday for now and recomputed when the year is entered', publishBy: 'Publish by', recusals: 'Recusals', reasons: 'Reasons',
    done: { commit: 'Commitment published', draw: 'Drawn', publish: 'Results published' },
    states: { planned: 'Planned', committed: 'Committed', drawn: 'Drawn', published: 'Published' },
    taskStates: { assigned: 'To inspect', in_progress: 'In progress', done: 'Result entered', published: 'Published' },
    mine: 'Mine only', adhoc: 'Ad hoc', checklist: 'Checklist', yes: 'Yes', no_: 'No', na: 'N/A', notes: 'Notes',
    photos: 'Photos', followUp: 'Follow-up', save: 'Save', saved: 'Saved', photoSaved: 'Photo stored as evidence', openMatter: 'Open a matter',
    matterOpened: 'Matter {no} registered', matter: 'Matter',
    outcomes: { compliant: 'No problem found', non_compliant: 'Problem found, ordered to correct', referred: 'Problem found, referred for a case', not_operating: 'Not operating the activity', unreachable: 'Unreachable at the registered address' },
    all: 'All', category: 'Category', description: 'Description', due: 'Due', reworks: 'Reworks', note: 'Note / result', deptId: 'Handling dept id',
    evaluation: 'Evaluation', onTime: 'On-time rate', reworkRate: 'Rework rate', dims: { by_area: 'By area', by_dept: 'By department', by_post: 'By post' },
    stages: { collected: 'Collected', filed: 'Filed', dispatched: 'Dispatched', handling: 'Handling', fed_back: 'Fed back', closed: 'Closed', evaluated: 'Evaluated', dismissed: 'Dismissed' },
    newJoint: 'New joint action', title: 'Title', plan: 'Plan', depts: 'Departments', start: 'Start', end: 'End', results: 'Results', ended: 'Inspected on',
    address: 'Address', lon: 'Longitude', lat: 'Latitude', reporter: 'Name (optional)', phone: 'Phone (optional)',
    public: { title: 'Random inspections', subtitle: 'Commitments before each draw; seed, pools and results after it — anyone can check', verifyHint: 'Download the record and check it with zhibao draw verify or the documented SHA-256 script.' },
    report: { title: 'Report a grid event', subtitle: 'Tell us where you saw counterfeits or infringement', submit: 'Submit', done: 'Received; event number' },
    // Console editing of the item list and inspector profiles, the map picker, matter ↔ task links (grid-ui).
    items: {
      menu: 'Inspection items', add: 'Add item', edit: 'Edit item', code: 'Code', name: 'Name', citation: 'Legal basis',
      points: 'Checklist points', pointsHint: 'One checklist point per line', active: 'Active', inactive: 'Disabled', disable: 'Disable', enable: 'Enable',
      used: 'Used by a draw plan or task: it can be disabled, not deleted',
    },
    inspectorsPage: {
      menu: 'Inspector pool', add: 'Add inspector', edit: 'Edit inspector profile', user: 'Staff', certified: 'Holds an enforcement certificate',
      certNo: 'Certificate no.', certExpires: 'Valid until', cells: 'Home cells', conflicts: 'Conflicts (credit codes)',
      conflictEntities: 'Conflicts (entity ids)', relations: 'Related entity ids', conflictsCol: 'Declared conflicts', expired: 'expired', none: '—',
      pickUser: 'Choose a staff member', cellsHint: 'Changing home cells also needs the cell-assignment permission', searchUser: 'Search by name or username', idsHint: 'Separate with commas',
    },
    picker: {
      hint: 'Click the map to choose the place, or type the coordinates', cell: 'Grid cell', outside: 'This point is in no grid cell', looking: 'Looking up…',
      receiptCell: 'Grid cell',
    },
    sourceTasks: 'Source inspection task', taskNo: 'Inspection task #{id}',
  },
}
