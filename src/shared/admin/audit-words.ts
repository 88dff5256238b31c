/**
 * The words of the audit log (操作日志) in zh-CN: the one source of what the page shows (i18n merges them
 * under `audit`, next to the page's own texts in zh-CN.more.json; English in en.json) and of what the
 * server's export writes. `{{name}}` marks a value filled in.
 */
export const AUDIT_WORDS = {
  actions: {
    login: '登录',
    login_failed: '登录失败',
    login_throttled: '登录被限制',
    login_ceiling_reached: '账号登录失败次数达到上限',
    logout: '退出登录',
    password_changed: '修改密码',
    password_change_failed: '修改密码失败',
    password_reset: '重置密码',
    user_created: '新建账号',
    user_updated: '修改账号',
    user_disabled: '停用账号',
    user_enabled: '启用账号',
    denied_write: '越权操作被拒绝',
    supervision_created: '督办',
    quarterly_check_recorded: '记录季检查',
    monthly_inspection_recorded: '记录月度自查',
    task_created: '新建任务',
    task_updated: '修改任务',
    task_start: '开始整治',
    task_submit: '提交验收',
    task_accept: '验收通过',
    task_reject: '验收不通过（返工）',
    task_request_extension: '申请延期',
    task_approve_extension: '批准延期',
    task_refuse_extension: '不批准延期',
    task_suspend: '暂缓任务',
    task_resume: '恢复任务',
    zone_create: '新建整治区域',
    zone_update: '修改整治区域',
    zone_delete: '删除整治区域',
    zone_restore: '恢复整治区域历史版本',
    zone_undelete: '恢复已删除的整治区域',
    photo_uploaded: '上传照片',
    photo_deleted: '删除照片',
    photo_position_set: '设置照片位置',
    case_reported: '上报案件',
    cases_imported: '导入案件',
    case_time_limit_set: '设置处置时限',
    report_commentary_saved: '保存月报告点评',
    api_token_created: '新建接口令牌',
    api_token_revoked: '吊销接口令牌',
    other: '其他操作',
  },
  targets: {
    zone: '整治区域',
    task: '整治任务',
    user: '账号',
    case: '案件',
    photo: '照片',
    api_token: '接口令牌',
    case_code: '案件编号',
    monthly_commentary: '月报告点评',
    other: '其他',
  },
  outcomes: {
    ok: '成功',
    failed: '失败',
    denied: '拒绝',
  },
  notes: {
    none: '未记录修改内容',
    geometry: '范围（图形）已修改',
    otherFields: '另有 {{count}} 项其他修改',
    created: '新建',
    changed: '信息已修改',
    removed: '已删除或吊销',
    unknownUser: '账号不存在',
    accountDisabled: '账号已停用',
    wrongPassword: '密码错误',
    reason: '理由：{{reason}}',
    attempts: '{{minutes}} 分钟内失败 {{count}} 次',
    tally: '同一分钟内同类请求共 {{count}} 次',
    hours: '处置时限 {{count}} 小时',
    passwordReset: '密码已重置',
  },
  columns: {
    time: '时间',
    actor: '操作人',
    unit: '单位',
    action: '操作',
    target: '对象',
    changes: '变更',
    outcome: '结果',
    reason: '理由',
  },
  /** An account's fields, in the changes of `user_*` entries. */
  userFields: { displayName: '姓名', role: '角色', unit: '所属单位', disabled: '状态' },
  /** An account's state (its `disabled` field). */
  userStates: { active: '正常', disabled: '已停用' },
  anonymous: '未登录访问',
} as const;

/** The action codes the log records (each has its words), for the page's filter. */
export const AUDIT_ACTIONS = Object.keys(AUDIT_WORDS.actions).filter((action) => action !== 'other');

/**
 * A word by its key under `audit` ("actions.login", "notes.reason") with its `{{name}}`s filled in;
 * undefined for a key that has no word (an action code this list does not know).
 */
export function auditWord(key: string, values: Record<string, string | number> = {}): string | undefined {
  let node: unknown = AUDIT_WORDS;
  for (const part of key.split('.')) {
    node =
      node && typeof node === 'object' && Object.hasOwn(node, part)
        ? (node as Record<string, unknown>)[part]
        : undefined;
  }
  if (typeof node !== 'string') return undefined;
  return node.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
