import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Versioned migrations; each runs once inside a transaction. Never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'campaign, zones, tasks, basemap',
    sql: `
      CREATE TABLE campaign_config (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        campaign_year INTEGER NOT NULL,
        config_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        sort INTEGER NOT NULL
      );
      CREATE TABLE campaign_items (
        code TEXT PRIMARY KEY,
        group_code TEXT NOT NULL,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        applicable INTEGER NOT NULL CHECK (applicable IN (0, 1)),
        lead_unit_id TEXT REFERENCES units(id),
        content TEXT NOT NULL,
        sort INTEGER NOT NULL
      );
      CREATE TABLE campaign_item_units (
        item_code TEXT NOT NULL REFERENCES campaign_items(code) ON DELETE CASCADE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        sort INTEGER NOT NULL,
        PRIMARY KEY (item_code, unit_id)
      );
      CREATE TABLE phases (
        seq INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL
      );
      CREATE TABLE zones (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        category TEXT NOT NULL REFERENCES campaign_items(code),
        status TEXT NOT NULL CHECK (status IN ('not_started','in_progress','pending_acceptance','accepted','suspended')),
        lead_unit_id TEXT NOT NULL REFERENCES units(id),
        planned_start TEXT NOT NULL,
        planned_end TEXT NOT NULL,
        progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
        measures TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        village TEXT,
        geometry_json TEXT NOT NULL,
        geometry_type TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX zones_category ON zones(category);
      CREATE INDEX zones_status ON zones(status);
      CREATE INDEX zones_lead_unit ON zones(lead_unit_id);
      CREATE TABLE zone_units (
        zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        sort INTEGER NOT NULL,
        PRIMARY KEY (zone_id, unit_id)
      );
      CREATE INDEX zone_units_unit ON zone_units(unit_id);
      -- Spatial index: one bounding box per zone, same id as zones.id.
      CREATE VIRTUAL TABLE zones_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
      CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        measures TEXT NOT NULL DEFAULT '',
        assigned_unit_id TEXT NOT NULL REFERENCES units(id),
        due_date TEXT NOT NULL,
        original_due_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('not_started','in_progress','pending_acceptance','done','suspended')),
        rework_count INTEGER NOT NULL DEFAULT 0 CHECK (rework_count >= 0),
        completed_on TEXT,
        sort INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX tasks_zone ON tasks(zone_id, sort);
      CREATE INDEX tasks_due ON tasks(status, due_date);
      CREATE TABLE basemap_features (
        id INTEGER PRIMARY KEY,
        layer TEXT NOT NULL CHECK (layer IN ('outline','lake','river','road')),
        name TEXT NOT NULL,
        name_en TEXT,
        geometry_json TEXT NOT NULL
      );
      CREATE TABLE places (
        code_2023 TEXT PRIMARY KEY,
        code_2020 TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        short_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('community','village')),
        lon REAL NOT NULL,
        lat REAL NOT NULL
      );
      CREATE TABLE dataset_info (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'accounts, sessions, login throttling, audit log, supervision',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('leader','admin','planner','unit','inspector')),
        unit_id TEXT REFERENCES units(id),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL,
        CHECK ((role = 'unit') = (unit_id IS NOT NULL))
      );
      -- Only a hash of each session token is stored: a copy of the database does not hand out sessions.
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        ip TEXT,
        user_agent TEXT
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE login_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_started_at TEXT NOT NULL,
        locked_until TEXT
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_user_id INTEGER,
        actor_username TEXT,
        action TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok','denied','failed')),
        ip TEXT,
        detail_json TEXT
      );
      CREATE INDEX audit_at ON audit_log(at);
      CREATE INDEX audit_actor ON audit_log(actor_username, at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TABLE supervisions (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
        note TEXT NOT NULL,
        deadline TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        resolved_at TEXT
      );
      CREATE INDEX supervisions_zone ON supervisions(zone_id, created_at);
    `,
  },
  {
    version: 3,
    name: 'zone history and soft delete',
    sql: `
      ALTER TABLE zones ADD COLUMN deleted_at TEXT;
      ALTER TABLE zones ADD COLUMN deleted_by TEXT;
      -- One row per version of a zone: the state after the change (writable properties + geometry).
      CREATE TABLE zone_versions (
        zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create','update','delete','restore','undelete')),
        at TEXT NOT NULL,
        actor_user_id INTEGER,
        actor_username TEXT,
        reason TEXT,
        snapshot_json TEXT NOT NULL,
        PRIMARY KEY (zone_id, version)
      );
      CREATE TRIGGER zone_versions_no_update BEFORE UPDATE ON zone_versions
        BEGIN SELECT RAISE(ABORT, 'zone history is append-only'); END;
      -- Zones created before history existed get their current state as version 1.
      INSERT INTO zone_versions (zone_id, version, action, at, actor_user_id, actor_username, reason, snapshot_json)
      SELECT z.id, z.version, 'create', z.created_at, NULL, 'seed', NULL,
             json_object(
               'name', z.name, 'category', z.category, 'status', z.status,
               'responsibleUnits', json((SELECT json_group_array(unit_id) FROM (SELECT unit_id FROM zone_units WHERE zone_id = z.id ORDER BY sort))),
               'plannedStart', z.planned_start, 'plannedEnd', z.planned_end, 'progress', z.progress,
               'measures', z.measures, 'notes', z.notes, 'village', z.village,
               'geometry', json(z.geometry_json))
      FROM zones z;
    `,
  },
  {
    version: 4,
    name: 'flood-prone areas: profiles, facilities, rainfall events and waterlogging points',
    sql: `
      CREATE TABLE flood_profiles (
        zone_id INTEGER PRIMARY KEY REFERENCES zones(id) ON DELETE CASCADE,
        risk_level TEXT NOT NULL CHECK (risk_level IN ('high','medium','low')),
        max_depth_cm INTEGER CHECK (max_depth_cm BETWEEN 0 AND 500),
        typical_duration_hours REAL CHECK (typical_duration_hours BETWEEN 0 AND 720),
        affected_households INTEGER CHECK (affected_households BETWEEN 0 AND 100000),
        cause TEXT NOT NULL DEFAULT '',
        drainage_measures TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      );
      CREATE TABLE flood_facilities (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        component_code TEXT NOT NULL CHECK (component_code IN ('01072','01073','01071','01004','01067')),
        name TEXT NOT NULL,
        geometry_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT
      );
      CREATE INDEX flood_facilities_zone ON flood_facilities(zone_id);
      CREATE TABLE flood_events (
        id INTEGER PRIMARY KEY,
        occurred_on TEXT NOT NULL,
        rainfall_mm REAL NOT NULL CHECK (rainfall_mm BETWEEN 0 AND 1000),
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT
      );
      CREATE TABLE waterlogging_points (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES flood_events(id) ON DELETE CASCADE,
        zone_id INTEGER REFERENCES zones(id) ON DELETE SET NULL,
        lon REAL NOT NULL,
        lat REAL NOT NULL,
        depth_cm INTEGER NOT NULL CHECK (depth_cm BETWEEN 0 AND 500),
        observed_at TEXT,
        notes TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX waterlogging_points_event ON waterlogging_points(event_id);
      CREATE INDEX waterlogging_points_zone ON waterlogging_points(zone_id);
    `,
  },
  {
    version: 5,
    name: 'task workflow: extensions, suspension, update thread, zone roll-up override',
    sql: `
      ALTER TABLE tasks ADD COLUMN extension_due_date TEXT;
      ALTER TABLE tasks ADD COLUMN extension_reason TEXT;
      ALTER TABLE tasks ADD COLUMN status_before_suspend TEXT
        CHECK (status_before_suspend IN ('not_started','in_progress','pending_acceptance'));
      ALTER TABLE tasks ADD COLUMN extension_count INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE task_updates (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('created','note','action','photo','supervision','edit')),
        action TEXT,
        from_status TEXT,
        to_status TEXT,
        note TEXT NOT NULL DEFAULT '',
        data_json TEXT,
        actor_id INTEGER,
        actor_username TEXT,
        actor_name TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX task_updates_task ON task_updates(task_id, id);
      -- A zone's status and progress roll up from its tasks unless set by hand with a reason.
      ALTER TABLE zones ADD COLUMN status_override_reason TEXT;
      -- Zones that already have tasks keep the status they were given until someone clears the override.
      UPDATE zones SET status_override_reason = '升级前手工设定的状态'
        WHERE id IN (SELECT zone_id FROM tasks);
    `,
  },
  {
    version: 6,
    name: 'photo evidence',
    sql: `
      -- Files live under DATA_DIR/photos by storage_key (random hex); the client's file name is only a column.
      CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER NOT NULL REFERENCES zones(id),
        task_id INTEGER REFERENCES tasks(id),
        phase TEXT NOT NULL CHECK (phase IN ('before','progress','after')),
        reference_object TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        storage_key TEXT NOT NULL UNIQUE CHECK (storage_key GLOB '[0-9a-f]*' AND length(storage_key) = 32),
        original_name TEXT NOT NULL DEFAULT '',
        mime TEXT NOT NULL CHECK (mime IN ('image/jpeg','image/png','image/webp')),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        taken_at TEXT,
        lon REAL CHECK (lon BETWEEN -180 AND 180),
        lat REAL CHECK (lat BETWEEN -90 AND 90),
        position_source TEXT CHECK (position_source IN ('exif','manual')),
        bearing REAL CHECK (bearing >= 0 AND bearing < 360),
        paired_with INTEGER REFERENCES photos(id),
        pair_distance_m REAL,
        pair_flagged INTEGER NOT NULL DEFAULT 0 CHECK (pair_flagged IN (0, 1)),
        idempotency_key TEXT,
        uploaded_by INTEGER NOT NULL REFERENCES users(id),
        uploaded_at TEXT NOT NULL,
        deleted_at TEXT,
        UNIQUE (uploaded_by, idempotency_key),
        CHECK ((lon IS NULL) = (lat IS NULL) AND (lon IS NULL) = (position_source IS NULL)),
        CHECK (phase = 'after' OR paired_with IS NULL)
      );
      CREATE INDEX photos_zone ON photos(zone_id, uploaded_at);
      CREATE INDEX photos_task ON photos(task_id, phase);
    `,
  },
  {
    version: 7,
    name: 'quarterly checks and monthly report commentary',
    sql: `
      -- 季检查: an inspector's check of one zone in a quarter (YYYY-Qn); a failed check sends its tasks to rework.
      CREATE TABLE quarterly_checks (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER NOT NULL REFERENCES zones(id),
        quarter TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
        checked_on TEXT NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
        findings TEXT NOT NULL DEFAULT '',
        photo_ids_json TEXT NOT NULL DEFAULT '[]',
        checked_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        UNIQUE (zone_id, quarter)
      );
      CREATE INDEX quarterly_checks_quarter ON quarterly_checks(quarter);
      -- 月报告: the campaign office's commentary per unit (or the town, unit_id '') for a month (YYYY-MM).
      CREATE TABLE monthly_commentary (
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        unit_id TEXT NOT NULL,
        text TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        PRIMARY KEY (month, unit_id)
      );
    `,
  },
  {
    version: 8,
    name: 'API tokens for desktop GIS',
    sql: `
      -- Tokens an admin issues for QGIS/GDAL (OGC API - Features reads); only the SHA-256 of a token is kept.
      CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
        token_start TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT,
        revoked_by INTEGER REFERENCES users(id)
      );
    `,
  },
  {
    version: 9,
    name: 'Remembered field mappings of the GIS import',
    sql: `
      -- How a user mapped a file's fields to zone fields, keyed by the set of source field names, offered again
      -- the next time a file with the same fields is imported.
      CREATE TABLE import_field_mappings (
        user_id INTEGER NOT NULL REFERENCES users(id),
        fields_key TEXT NOT NULL,
        fields_json TEXT NOT NULL,
        mapping_json TEXT NOT NULL,
        defaults_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, fields_key)
      );
    `,
  },
  {
    version: 10,
    name: '数字城管 cases, steps, time limits, grid',
    sql: `
      -- Cases of the digital city-management platform (一提升). Times are UTC ISO texts; lon/lat WGS 84.
      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        case_no TEXT NOT NULL UNIQUE,
        code TEXT NOT NULL CHECK (length(code) = 5),
        legacy_label TEXT,
        description TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        lon REAL NOT NULL,
        lat REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('reported','registered','dispatched','disposing','feedback','verified','closed','voided')),
        unit_id TEXT,
        reported_at TEXT NOT NULL,
        registered_at TEXT,
        dispatched_at TEXT,
        deadline_at TEXT,
        disposed_at TEXT,
        closed_at TEXT,
        zone_id INTEGER,
        village_code TEXT,
        grid_code TEXT,
        extension_count INTEGER NOT NULL DEFAULT 0,
        rework_count INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
        suspended_at TEXT,
        extension_request_json TEXT,
        synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
        created_by TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX cases_status ON cases(status);
      CREATE INDEX cases_unit ON cases(unit_id);
      CREATE INDEX cases_code ON cases(code);
      CREATE INDEX cases_reported_at ON cases(reported_at);
      CREATE INDEX cases_zone ON cases(zone_id);
      -- Points as degenerate boxes, same id as cases.id, kept in sync by triggers.
      CREATE VIRTUAL TABLE cases_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
      CREATE TRIGGER cases_rtree_insert AFTER INSERT ON cases BEGIN
        INSERT INTO cases_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (new.id, new.lon, new.lon, new.lat, new.lat);
      END;
      CREATE TRIGGER cases_rtree_update AFTER UPDATE OF lon, lat ON cases BEGIN
        UPDATE cases_rtree SET min_lon = new.lon, max_lon = new.lon, min_lat = new.lat, max_lat = new.lat WHERE id = new.id;
      END;
      CREATE TRIGGER cases_rtree_delete AFTER DELETE ON cases BEGIN
        DELETE FROM cases_rtree WHERE id = old.id;
      END;
      -- Every workflow step with who and when (append-only).
      CREATE TABLE case_steps (
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        action TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        actor_user_id TEXT,
        actor_name TEXT,
        actor_role TEXT,
        actor_unit TEXT,
        at TEXT NOT NULL,
        note TEXT,
        data_json TEXT,
        PRIMARY KEY (case_id, seq)
      );
      -- 处置时限 per code (hours), seeded from data/problem-codes.csv, editable by the campaign office.
      CREATE TABLE case_time_limits (
        code TEXT PRIMARY KEY,
        hours REAL NOT NULL CHECK (hours > 0),
        updated_at TEXT NOT NULL,
        updated_by TEXT
      );
      -- 单元网格 (15-character code = 12-digit village code + 3-digit serial). The town has no published grid:
      -- rows with illustrative = 1 are a generated lattice, not the town's grid.
      CREATE TABLE grids (
        code TEXT PRIMARY KEY CHECK (length(code) = 15),
        village_code TEXT NOT NULL,
        geometry_json TEXT NOT NULL,
        illustrative INTEGER NOT NULL DEFAULT 1 CHECK (illustrative IN (0, 1))
      );
      CREATE INDEX grids_village ON grids(village_code);
    `,
  },
  {
    version: 11,
    name: 'GIS import commits claimed once',
    sql: `
      -- One row per committed (or committing) GIS import: the commit claims the import with one INSERT, so
      -- a second commit of the same import finds the row and is answered 409 with the first one's result.
      CREATE TABLE import_commits (
        import_id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        state TEXT NOT NULL CHECK (state IN ('committing', 'done')),
        result_json TEXT,
        claimed_at TEXT NOT NULL,
        finished_at TEXT
      );
    `,
  },
  {
    version: 12,
    name: 'Case number counters per day',
    sql: `
      -- The last case number handed out per day (Asia/Shanghai, YYYYMMDD): JX<day><last>, incremented by one
      -- atomic upsert in the transaction that inserts the case.
      CREATE TABLE case_number_counters (
        day TEXT PRIMARY KEY,
        last INTEGER NOT NULL CHECK (last >= 0)
      );
    `,
  },
  {
    version: 13,
    name: 'Auth hardening: login attempts counted before the hash; tallies of anonymous denials',
    sql: `
      -- Attempts per throttle key (account and address, address, account; docs/quality.md R13), counted in one
      -- statement before a password is checked. Times are epoch milliseconds.
      DROP TABLE login_throttle;
      CREATE TABLE auth_throttle (
        key TEXT PRIMARY KEY,
        attempts INTEGER NOT NULL,
        last_attempt_ms INTEGER NOT NULL,
        blocked_until_ms INTEGER NOT NULL DEFAULT 0
      );
      -- Denied anonymous requests, one row per address, route and minute: the first denial appends one audit_log
      -- row (audit_id), later ones only count here, so anonymous traffic cannot flood the append-only log.
      CREATE TABLE audit_denial_tally (
        window_start TEXT NOT NULL,
        ip TEXT NOT NULL,
        route TEXT NOT NULL,
        count INTEGER NOT NULL,
        last_at TEXT NOT NULL,
        audit_id INTEGER,
        PRIMARY KEY (window_start, ip, route)
      );
      CREATE INDEX audit_denial_tally_audit ON audit_denial_tally(audit_id);
    `,
  },
  {
    version: 14,
    name: 'Rework due date of a failed quarterly check',
    sql: `
      -- The due date a failed 季检查 gives the work it sends back (the sent-back tasks' due_date is set to it); null
      -- for a passed check and for checks recorded before this column.
      ALTER TABLE quarterly_checks ADD COLUMN rework_due_date TEXT;
    `,
  },
  {
    version: 15,
    name: 'GIS import sessions in the database',
    sql: `
      -- One row per GIS import upload, so that any instance can answer its preview, validation and commit: the
      -- files are in the file store under the import's id (imports/<id>/<part>). state 'uploading' while the
      -- parts arrive, 'ready' once kept; files_json lists the parts ([{name, part}]). Times are epoch
      -- milliseconds; a session expires a set time after last_used_ms and is removed by whichever instance sweeps.
      CREATE TABLE import_sessions (
        id TEXT PRIMARY KEY,
        owner_id INTEGER NOT NULL REFERENCES users(id),
        file_name TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('uploading', 'ready')),
        files_json TEXT NOT NULL DEFAULT '[]',
        bytes INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        last_used_ms INTEGER NOT NULL
      );
      CREATE INDEX import_sessions_last_used ON import_sessions(last_used_ms);
    `,
  },
  {
    version: 16,
    name: '督办 loop, inbox, delivery outbox, unit webhooks, notification rules',
    sql: `
      -- 督办 on a zone, a task or a case, with the unit that must answer, a status and a version. The table is
      -- rebuilt because zone_id becomes optional (a case outside every zone).
      CREATE TABLE supervisions_next (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER REFERENCES zones(id) ON DELETE CASCADE,
        task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
        case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
        unit_id TEXT,
        note TEXT NOT NULL,
        deadline TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','replied','closed')),
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by INTEGER REFERENCES users(id),
        version INTEGER NOT NULL DEFAULT 1,
        CHECK (zone_id IS NOT NULL OR case_id IS NOT NULL)
      );
      INSERT INTO supervisions_next (id, zone_id, task_id, unit_id, note, deadline, status, created_by, created_at,
                                     resolved_at)
      SELECT s.id, s.zone_id, s.task_id, coalesce(t.assigned_unit_id, z.lead_unit_id), s.note, s.deadline,
             CASE WHEN s.resolved_at IS NULL THEN 'open' ELSE 'closed' END, s.created_by, s.created_at, s.resolved_at
        FROM supervisions s JOIN zones z ON z.id = s.zone_id LEFT JOIN tasks t ON t.id = s.task_id;
      DROP TABLE supervisions;
      ALTER TABLE supervisions_next RENAME TO supervisions;
      CREATE INDEX supervisions_zone ON supervisions(zone_id, created_at);
      CREATE INDEX supervisions_unit ON supervisions(unit_id, status);
      CREATE INDEX supervisions_case ON supervisions(case_id);
      -- The thread of a 督办: the unit's replies (progress, photos, a new date) and the issuer's close and reopen.
      CREATE TABLE supervision_steps (
        id INTEGER PRIMARY KEY,
        supervision_id INTEGER NOT NULL REFERENCES supervisions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('reply','close','reopen')),
        text TEXT NOT NULL,
        new_date TEXT,
        photo_ids_json TEXT NOT NULL DEFAULT '[]',
        actor_user_id INTEGER NOT NULL REFERENCES users(id),
        at TEXT NOT NULL
      );
      CREATE INDEX supervision_steps_of ON supervision_steps(supervision_id, id);
      -- Inbox items (docs/notifications.md): one row per event for a person, a unit or a role, written once
      -- (dedupe_key); dispatched_at is set when its outbox messages were written (at once, after quiet hours, or
      -- in the daily digest, which also sets digested_at).
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        dedupe_key TEXT NOT NULL UNIQUE,
        recipient_user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        recipient_unit TEXT,
        recipient_role TEXT,
        kind TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        params_json TEXT NOT NULL DEFAULT '{}',
        link TEXT NOT NULL,
        immediate INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        dispatched_at TEXT,
        digested_at TEXT,
        CHECK (recipient_user_id IS NOT NULL OR recipient_unit IS NOT NULL OR recipient_role IS NOT NULL)
      );
      CREATE INDEX notifications_user ON notifications(recipient_user_id, created_at);
      CREATE INDEX notifications_unit ON notifications(recipient_unit, created_at);
      CREATE INDEX notifications_role ON notifications(recipient_role, created_at);
      -- Read marks per person (a unit's item is read per account).
      CREATE TABLE notification_reads (
        notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        read_at TEXT NOT NULL,
        PRIMARY KEY (notification_id, user_id)
      );
      -- Messages to 企业微信/钉钉 group robots (and SMS): written in the transaction of the event, sent by the
      -- delivery worker with retries and back-off; dedupe_key makes a message once.
      CREATE TABLE delivery_outbox (
        id INTEGER PRIMARY KEY,
        dedupe_key TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL CHECK (channel IN ('wecom','dingtalk','sms')),
        target TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','delivered','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        claimed_until TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT
      );
      CREATE INDEX delivery_outbox_due ON delivery_outbox(status, next_attempt_at);
      -- Group robots per unit, set by the campaign office (the secret is never answered or logged).
      CREATE TABLE unit_webhooks (
        unit_id TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('wecom','dingtalk')),
        url TEXT NOT NULL,
        secret TEXT,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        PRIMARY KEY (unit_id, channel)
      );
      -- The notification rules as the office edited them (none: data/notification-rules.json).
      CREATE TABLE notification_rules (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        rules_json TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      );
    `,
  },
  {
    version: 17,
    name: 'Flood season: monitoring stations, readings, threshold alerts, duty roster, emergency response, pump status',
    sql: `
      -- 雨量站 and 水位站 with their thresholds (警戒水位/保证水位 in metres, 1 h / 24 h rainfall in mm); code is the
      -- SL 651-2014 station address (10 BCD digits) its telemetry frames carry. illustrative = 1: sample data (示例数据).
      CREATE TABLE sensors (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('rain','water_level')),
        name TEXT NOT NULL,
        code TEXT UNIQUE CHECK (code IS NULL OR length(code) = 10),
        lon REAL NOT NULL,
        lat REAL NOT NULL,
        river TEXT NOT NULL DEFAULT '',
        warning_level_m REAL,
        guarantee_level_m REAL,
        rain_1h_mm REAL,
        rain_24h_mm REAL,
        illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      );
      -- One value per station, element and time: a repeated report (a frame sent twice) is stored once.
      -- rainfall: mm fallen since the station's previous report; water_level: metres.
      CREATE TABLE sensor_readings (
        sensor_id INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
        element TEXT NOT NULL CHECK (element IN ('rainfall','water_level')),
        observed_at TEXT NOT NULL,
        value REAL NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('json','csv','sl651','sample')),
        received_at TEXT NOT NULL,
        PRIMARY KEY (sensor_id, element, observed_at)
      );
      -- A threshold crossing: open (cleared_at null) while the value stays at or over the threshold; at most one
      -- open alert per station and threshold, so a crossing alerts once. on_duty_json: who was on duty (names).
      CREATE TABLE flood_alerts (
        id INTEGER PRIMARY KEY,
        sensor_id INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
        threshold_kind TEXT NOT NULL CHECK (threshold_kind IN ('warning_level','guarantee_level','rain_1h','rain_24h')),
        value REAL NOT NULL,
        threshold REAL NOT NULL,
        observed_at TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        cleared_at TEXT,
        on_duty_json TEXT NOT NULL DEFAULT '[]'
      );
      CREATE UNIQUE INDEX flood_alerts_open ON flood_alerts(sensor_id, threshold_kind) WHERE cleared_at IS NULL;
      CREATE INDEX flood_alerts_raised ON flood_alerts(raised_at);
      -- 值班表: who is on flood duty each day (Asia/Shanghai), with phone numbers (staff only).
      CREATE TABLE flood_duty (
        day TEXT NOT NULL,
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        duty_role TEXT NOT NULL DEFAULT '',
        illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
        PRIMARY KEY (day, seq)
      );
      -- 防汛应急响应 (IV → I): at most one active at a time; its checklist tasks (data/flood-response.json) and its
      -- timeline (started, raised, lowered, ended, pump-station status, field points) append-only.
      CREATE TABLE flood_responses (
        id INTEGER PRIMARY KEY,
        level TEXT NOT NULL CHECK (level IN ('IV','III','II','I')),
        status TEXT NOT NULL CHECK (status IN ('active','ended')),
        started_at TEXT NOT NULL,
        started_by TEXT,
        ended_at TEXT,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE UNIQUE INDEX flood_responses_one_active ON flood_responses(status) WHERE status = 'active';
      CREATE TABLE flood_response_tasks (
        id INTEGER PRIMARY KEY,
        response_id INTEGER NOT NULL REFERENCES flood_responses(id) ON DELETE CASCADE,
        level TEXT NOT NULL CHECK (level IN ('IV','III','II','I')),
        unit_id TEXT NOT NULL,
        title TEXT NOT NULL,
        UNIQUE (response_id, level, title)
      );
      CREATE TABLE flood_response_log (
        id INTEGER PRIMARY KEY,
        response_id INTEGER NOT NULL REFERENCES flood_responses(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('started','raised','lowered','ended','pump','points')),
        level TEXT CHECK (level IS NULL OR level IN ('IV','III','II','I')),
        reason TEXT NOT NULL DEFAULT '',
        actor TEXT,
        detail_json TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX flood_response_log_response ON flood_response_log(response_id);
      -- 泵站 status (运行/停机/故障) of a pump station facility (01072), set by staff.
      CREATE TABLE pump_status (
        facility_id INTEGER PRIMARY KEY REFERENCES flood_facilities(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('running','stopped','fault')),
        note TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      );
    `,
  },
  {
    version: 18,
    name: 'HEIC photos; the position and time the phone reported beside the EXIF ones',
    sql: `
      -- SQLite cannot change a CHECK: the photos table is rebuilt with HEIC among the types (decoded by heic-decode,
      -- the original kept as sent) and the phone's own report (docs/field.md): the GPS fix the app locked with its
      -- accuracy, and the phone's clock, kept beside what the file's EXIF says. The self-reference (paired_with)
      -- is checked at commit, once the new table has the old one's name.
      PRAGMA defer_foreign_keys = ON;
      CREATE TABLE photos_v18 (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER NOT NULL REFERENCES zones(id),
        task_id INTEGER REFERENCES tasks(id),
        phase TEXT NOT NULL CHECK (phase IN ('before','progress','after')),
        reference_object TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        storage_key TEXT NOT NULL UNIQUE CHECK (storage_key GLOB '[0-9a-f]*' AND length(storage_key) = 32),
        original_name TEXT NOT NULL DEFAULT '',
        mime TEXT NOT NULL CHECK (mime IN ('image/jpeg','image/png','image/webp','image/heic')),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        taken_at TEXT,
        lon REAL CHECK (lon BETWEEN -180 AND 180),
        lat REAL CHECK (lat BETWEEN -90 AND 90),
        position_source TEXT CHECK (position_source IN ('exif','manual')),
        bearing REAL CHECK (bearing >= 0 AND bearing < 360),
        paired_with INTEGER REFERENCES photos(id),
        pair_distance_m REAL,
        pair_flagged INTEGER NOT NULL DEFAULT 0 CHECK (pair_flagged IN (0, 1)),
        idempotency_key TEXT,
        uploaded_by INTEGER NOT NULL REFERENCES users(id),
        uploaded_at TEXT NOT NULL,
        deleted_at TEXT,
        reported_lon REAL CHECK (reported_lon BETWEEN -180 AND 180),
        reported_lat REAL CHECK (reported_lat BETWEEN -90 AND 90),
        reported_accuracy_m REAL CHECK (reported_accuracy_m >= 0),
        reported_at TEXT,
        UNIQUE (uploaded_by, idempotency_key),
        CHECK ((lon IS NULL) = (lat IS NULL) AND (lon IS NULL) = (position_source IS NULL)),
        CHECK ((reported_lon IS NULL) = (reported_lat IS NULL)),
        CHECK (phase = 'after' OR paired_with IS NULL)
      );
      INSERT INTO photos_v18 (id, zone_id, task_id, phase, reference_object, note, storage_key, original_name, mime,
                              width, height, bytes, taken_at, lon, lat, position_source, bearing, paired_with,
                              pair_distance_m, pair_flagged, idempotency_key, uploaded_by, uploaded_at, deleted_at)
        SELECT id, zone_id, task_id, phase, reference_object, note, storage_key, original_name, mime,
               width, height, bytes, taken_at, lon, lat, position_source, bearing, paired_with,
               pair_distance_m, pair_flagged, idempotency_key, uploaded_by, uploaded_at, deleted_at
        FROM photos;
      DROP TABLE photos;
      ALTER TABLE photos_v18 RENAME TO photos;
      CREATE INDEX photos_zone ON photos(zone_id, uploaded_at);
      CREATE INDEX photos_task ON photos(task_id, phase);
    `,
  },
  {
    version: 19,
    name: 'The county role (县级), which reads every town',
    sql: `
      -- A CHECK cannot be altered in SQLite: the table is rebuilt under its own name (a rename would make the other
      -- tables' REFERENCES users(id) follow the old table). The rows wait in a plain copy; the references are
      -- checked at commit, when the new table holds every id again. Sessions end (ON DELETE CASCADE).
      PRAGMA defer_foreign_keys = ON;
      CREATE TABLE users_before_county AS SELECT * FROM users;
      DROP TABLE users;
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('leader','admin','planner','unit','inspector','county')),
        unit_id TEXT REFERENCES units(id),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL,
        CHECK ((role = 'unit') = (unit_id IS NOT NULL))
      );
      INSERT INTO users (id, username, display_name, role, unit_id, password_hash, disabled, is_demo, version,
                         created_at, updated_at, password_changed_at)
        SELECT id, username, display_name, role, unit_id, password_hash, disabled, is_demo, version,
               created_at, updated_at, password_changed_at
        FROM users_before_county;
      DROP TABLE users_before_county;
    `,
  },
  {
    version: 20,
    name: 'Residents in the loop: published photo pairs, 随手拍 reports, me-too, feedback, public rate limits',
    sql: `
      -- Before/after pairs the campaign office published on the public site, by their after-photo.
      CREATE TABLE photo_publications (
        after_photo_id INTEGER PRIMARY KEY REFERENCES photos(id),
        published_at TEXT NOT NULL,
        published_by INTEGER REFERENCES users(id)
      );
      -- 随手拍: a resident's report. The token the reporter follows it with is kept only as its SHA-256.
      CREATE TABLE public_reports (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        category TEXT NOT NULL,
        code TEXT NOT NULL CHECK (length(code) = 5),
        description TEXT NOT NULL DEFAULT '',
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        phone TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending','accepted','merged','rejected')),
        reject_reason TEXT,
        case_id INTEGER REFERENCES cases(id),
        me_too_count INTEGER NOT NULL DEFAULT 0 CHECK (me_too_count >= 0),
        created_at TEXT NOT NULL,
        triaged_at TEXT,
        triaged_by INTEGER REFERENCES users(id),
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX public_reports_status ON public_reports(status, created_at);
      CREATE INDEX public_reports_case ON public_reports(case_id);
      CREATE INDEX public_reports_place ON public_reports(lat, lon);
      -- The photos of a report: stored like photo evidence (original private, derivatives without metadata).
      CREATE TABLE public_report_photos (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES public_reports(id) ON DELETE CASCADE,
        storage_key TEXT NOT NULL UNIQUE CHECK (length(storage_key) = 32),
        -- 'report': the resident's; 'after': the office's photo of the fixed place, shown when the case is closed.
        kind TEXT NOT NULL DEFAULT 'report' CHECK (kind IN ('report', 'after')),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        created_at TEXT NOT NULL
      );
      CREATE INDEX public_report_photos_report ON public_report_photos(report_id);
      -- 我也遇到: one row per resident who met the same problem (participation counts them by time).
      CREATE TABLE public_report_me_too (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES public_reports(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      );
      CREATE INDEX public_report_me_too_report ON public_report_me_too(report_id);
      -- 解决了吗？满意吗？ once per report, with the unit and item of its case at the time (the 年考核 reads them).
      CREATE TABLE public_report_feedback (
        report_id INTEGER PRIMARY KEY REFERENCES public_reports(id) ON DELETE CASCADE,
        case_id INTEGER REFERENCES cases(id),
        unit_id TEXT,
        item_code TEXT,
        resolved INTEGER NOT NULL CHECK (resolved IN (0, 1)),
        satisfied INTEGER NOT NULL CHECK (satisfied IN (0, 1)),
        reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      -- Requests per key (address or phone number) and window, counted in one upsert. Times are epoch milliseconds.
      CREATE TABLE public_rate_limits (
        key TEXT PRIMARY KEY,
        window_start_ms INTEGER NOT NULL,
        count INTEGER NOT NULL
      );
    `,
  },
  {
    version: 22,
    name: 'The monthly 公开通报: bulletins generated from the monthly report, edited and published by the office',
    sql: `
      -- One bulletin per month: the generated snapshot (content_json), the office's title, text and chosen items.
      CREATE TABLE bulletins (
        id INTEGER PRIMARY KEY,
        month TEXT NOT NULL UNIQUE CHECK (length(month) = 7),
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        items_json TEXT NOT NULL DEFAULT '[]',
        content_json TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id),
        published_at TEXT
      );
      CREATE INDEX bulletins_status ON bulletins(status, month);
    `,
  },
  {
    version: 23,
    name: 'Rainfall events edited and deleted with history; photos of waterlogging points',
    sql: `
      -- An event's version (If-Match) and its soft delete: a deleted event (and its history) can be restored. A
      -- point taken out of an event is kept (deleted_at) with its photos; who changed what is in audit_log.
      ALTER TABLE flood_events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE flood_events ADD COLUMN deleted_at TEXT;
      ALTER TABLE waterlogging_points ADD COLUMN deleted_at TEXT;
      -- Photos of a waterlogging point: stored like photo evidence (original private, derivatives without metadata).
      CREATE TABLE waterlogging_point_photos (
        id INTEGER PRIMARY KEY,
        point_id INTEGER NOT NULL REFERENCES waterlogging_points(id) ON DELETE CASCADE,
        storage_key TEXT NOT NULL UNIQUE CHECK (length(storage_key) = 32),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        created_at TEXT NOT NULL,
        created_by TEXT,
        deleted_at TEXT
      );
      CREATE INDEX waterlogging_point_photos_point ON waterlogging_point_photos(point_id);
    `,
  },
  {
    version: 24,
    name: 'Field work on weak links: writes sent again answered once (Idempotency-Key), photo uploads in parts',
    sql: `
      -- A write sent with an Idempotency-Key: claimed before it runs (status NULL), then its answer kept, so that a
      -- resend of the same key by the same user gets the first answer instead of a second write (docs/field.md).
      CREATE TABLE idempotent_writes (
        user_id INTEGER NOT NULL REFERENCES users(id),
        key TEXT NOT NULL,
        route TEXT NOT NULL,
        status INTEGER,
        response_json TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, key)
      );
      CREATE INDEX idempotent_writes_created ON idempotent_writes(created_at);
      -- A photo upload sent in parts (PUT with Content-Range); the parts are in the file store under the id.
      CREATE TABLE upload_sessions (
        id TEXT PRIMARY KEY CHECK (length(id) = 32),
        user_id INTEGER NOT NULL REFERENCES users(id),
        file_name TEXT NOT NULL,
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        received INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= bytes),
        parts INTEGER NOT NULL DEFAULT 0 CHECK (parts >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX upload_sessions_updated ON upload_sessions(updated_at);
    `,
  },
  {
    version: 25,
    name: 'Annual plans (整治计划): drafted by a unit, submitted, returned or approved by the office, every step kept',
    sql: `
      -- One plan per unit and year; body_json is the plan body (src/shared/plans/plans.ts). submitted_at is the first
      -- submission (lateness against the end of February is measured by it).
      CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        unit_id TEXT NOT NULL,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
        version INTEGER NOT NULL DEFAULT 1,
        body_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        updated_at TEXT NOT NULL,
        submitted_at TEXT,
        approved_at TEXT,
        approved_by INTEGER REFERENCES users(id),
        comment TEXT,
        UNIQUE (unit_id, year)
      );
      CREATE INDEX plans_year ON plans(year, state);
      -- A snapshot per step (create, edit, submit, return, approve): who, when, the comment and the body.
      CREATE TABLE plan_versions (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'edit', 'submit', 'return', 'approve')),
        state TEXT NOT NULL,
        actor_user_id INTEGER REFERENCES users(id),
        at TEXT NOT NULL,
        comment TEXT,
        body_json TEXT NOT NULL,
        UNIQUE (plan_id, version)
      );
    `,
  },
  {
    version: 26,
    name: 'Meetings: the office 例会 and the quarterly 专项工作会议, their agenda snapshot, minutes and decisions',
    sql: `
      CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('routine', 'quarterly')),
        title TEXT NOT NULL,
        -- The day and time in Asia/Shanghai.
        date TEXT NOT NULL,
        time TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        attendees_json TEXT NOT NULL DEFAULT '[]',
        state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'held')),
        -- The agenda as generated (a snapshot of the campaign's state), NULL before the first generation.
        agenda_json TEXT,
        minutes TEXT NOT NULL DEFAULT '',
        created_by INTEGER REFERENCES users(id),
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX meetings_date ON meetings(date);
      -- A decision becomes one task or one 督办: outcome is claimed first (WHERE outcome IS NULL), then the id stored.
      CREATE TABLE meeting_decisions (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        owner_unit_id TEXT NOT NULL,
        due_date TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('task', 'supervision')),
        task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
        supervision_id INTEGER REFERENCES supervisions(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id);
    `,
  },
  {
    version: 27,
    name: '目标责任书: whether each unit signed its year letter, the day, a scan of it and who recorded it',
    sql: `
      -- One row per unit and year once something is recorded (no row: not signed, no scan). The scan is stored in the
      -- photo store under scan_key (its original kept private, a display derivative served).
      CREATE TABLE responsibility_letters (
        unit_id TEXT NOT NULL,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        signed INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
        signed_on TEXT,
        scan_key TEXT CHECK (scan_key IS NULL OR length(scan_key) = 32),
        scan_bytes INTEGER,
        recorded_by INTEGER REFERENCES users(id),
        recorded_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (unit_id, year)
      );
    `,
  },
  {
    version: 28,
    name: 'Monthly self-inspections (月度自查) and quarterly checks scored on the 评分细则',
    sql: `
      -- 月度自查: the lead unit's monthly inspection of a zone of its item on the item's checklist
      -- (data/checklists/<item>.json); answers as JSON keyed by check id, the score computed from them.
      CREATE TABLE monthly_inspections (
        id INTEGER PRIMARY KEY,
        zone_id INTEGER NOT NULL REFERENCES zones(id),
        item_code TEXT NOT NULL,
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        unit_id TEXT,
        inspected_by INTEGER NOT NULL REFERENCES users(id),
        answers_json TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
        note TEXT NOT NULL DEFAULT '',
        photo_ids_json TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        UNIQUE (zone_id, month)
      );
      CREATE INDEX monthly_inspections_month ON monthly_inspections(month, unit_id);
      -- A 季检查 scored on its item's checklist keeps the answers; NULL for a typed score.
      ALTER TABLE quarterly_checks ADD COLUMN answers_json TEXT;
    `,
  },
  {
    version: 29,
    name: 'Registers of the plan: 工地, markets, 责任区, ads, 疏导点, old compounds, river sections with readings, 环卫 facilities',
    sql: `
      -- One row per register object (src/shared/registers/kinds.ts names the kinds and their fields); attributes
      -- are JSON checked against the kind's fields; geometry GeoJSON in WGS 84. Soft-deleted with deleted_at.
      CREATE TABLE register_objects (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        geometry_json TEXT NOT NULL,
        geometry_type TEXT NOT NULL,
        min_lon REAL NOT NULL,
        min_lat REAL NOT NULL,
        max_lon REAL NOT NULL,
        max_lat REAL NOT NULL,
        attributes_json TEXT NOT NULL DEFAULT '{}',
        owner_unit_id TEXT NOT NULL REFERENCES units(id),
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        created_by TEXT,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX register_objects_kind ON register_objects(kind, deleted_at);
      CREATE INDEX register_objects_box ON register_objects(min_lon, max_lon, min_lat, max_lat);
      -- Who changed what when: one row per version (changes: field -> [before, after]).
      CREATE TABLE register_object_history (
        object_id INTEGER NOT NULL REFERENCES register_objects(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        changed_at TEXT NOT NULL,
        changed_by TEXT,
        changes_json TEXT NOT NULL,
        PRIMARY KEY (object_id, version)
      );
      -- Water-quality readings of a river section (黑臭 indicators), one per object and sampling day.
      CREATE TABLE river_section_readings (
        id INTEGER PRIMARY KEY,
        object_id INTEGER NOT NULL REFERENCES register_objects(id) ON DELETE CASCADE,
        sampled_on TEXT NOT NULL,
        values_json TEXT NOT NULL,
        recorded_by TEXT,
        recorded_at TEXT NOT NULL,
        UNIQUE (object_id, sampled_on)
      );
    `,
  },
  {
    version: 30,
    name: 'Notifications not yet sent found through their own index (the notifier reads them every few seconds)',
    sql: `
      -- Only the rows still to send are in it: the notifier's reads (its queue and the daily digest) stay small
      -- however many notifications have been sent.
      CREATE INDEX notifications_undispatched ON notifications(id) WHERE dispatched_at IS NULL;
    `,
  },
];

/**
 * Apply every migration not yet applied, in version order. Applied versions are kept in
 * `schema_migrations`, so a version that lands after a higher one (another branch merged later) still
 * runs; databases from before that table count every version up to their `user_version` as applied.
 * `user_version` keeps the highest applied version.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const known = db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
  if (known.n === 0) {
    const current = db.pragma('user_version', { simple: true }) as number;
    const now = new Date().toISOString();
    for (const migration of migrations)
      if (migration.version <= current) record.run(migration.version, migration.name, now);
  }
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
  );
  const pending = migrations.filter((migration) => !applied.has(migration.version));
  for (const migration of [...pending].sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      const highest = db.pragma('user_version', { simple: true }) as number;
      if (migration.version > highest) db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
