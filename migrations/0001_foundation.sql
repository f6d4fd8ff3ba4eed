-- 查一查 foundation schema. Dates are ISO 8601 text: calendar dates 'YYYY-MM-DD' (China time),
-- instants 'YYYY-MM-DDTHH:MM:SS.sssZ' (UTC). Codes are stored normalised (upper case, half-width).

-- Ingest batches come first: every stored row points at the batch that brought it (lineage).
CREATE TABLE ingest_batches (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                 -- subjects | penalties | licences | list_entries | list_removals | commitments | seed
  source_unit_name TEXT NOT NULL,     -- 数据来源单位
  source_unit_code TEXT NOT NULL,     -- 数据来源单位统一社会信用代码
  file_name TEXT,
  received_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'receiving' CHECK (status IN ('receiving', 'done', 'failed')),
  total_rows INTEGER NOT NULL DEFAULT 0,
  accepted_rows INTEGER NOT NULL DEFAULT 0,
  rejected_rows INTEGER NOT NULL DEFAULT 0,
  report TEXT                          -- JSON quality report
);
CREATE INDEX ingest_batches_received ON ingest_batches (received_at);

-- 信用主体: organisations keyed by USCC, natural persons by ID number (never shown unmasked).
CREATE TABLE subjects (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  code_type TEXT NOT NULL CHECK (code_type IN ('uscc', 'id_number')),
  kind TEXT NOT NULL CHECK (kind IN ('enterprise', 'individual_business', 'cooperative', 'social_org', 'public_institution', 'natural_person', 'other')),
  name TEXT NOT NULL,
  legal_representative TEXT,          -- 法定代表人 / 负责人 / 经营者
  industry_code TEXT,                 -- GB/T 4754 门类 letter
  industry TEXT,
  region_code TEXT,                   -- GB/T 2260 6-digit code
  registered_on TEXT,
  registration_status TEXT NOT NULL DEFAULT '存续' CHECK (registration_status IN ('存续', '在业', '吊销', '注销', '迁出', '撤销')),
  registered_capital_wan REAL,        -- 注册资本（万元）
  address TEXT,
  checksum_legacy INTEGER NOT NULL DEFAULT 0, -- authoritative code that fails the position-18 check (GB 32100 pilot codes)
  source_unit_code TEXT,
  batch_id INTEGER REFERENCES ingest_batches (id),
  source_row INTEGER,
  received_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX subjects_name ON subjects (name);
CREATE INDEX subjects_region_industry ON subjects (region_code, industry_code);

-- Name search. Queries of 3+ characters use the FTS5 trigram index; 1–2 character queries use the
-- bigram table (FTS5 trigram cannot match fewer than 3 characters). Both are kept in sync by triggers.
CREATE VIRTUAL TABLE subject_names USING fts5 (name, content = 'subjects', content_rowid = 'id', tokenize = 'trigram');

CREATE TABLE name_positions (n INTEGER PRIMARY KEY);
INSERT INTO name_positions (n)
  WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 200) SELECT n FROM k;

CREATE TABLE subject_name_bigrams (
  gram TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  PRIMARY KEY (gram, subject_id)
) WITHOUT ROWID;

CREATE TRIGGER subjects_names_ai AFTER INSERT ON subjects BEGIN
  INSERT INTO subject_names (rowid, name) VALUES (NEW.id, NEW.name);
  INSERT OR IGNORE INTO subject_name_bigrams (gram, subject_id)
    SELECT substr(NEW.name, n, 2), NEW.id FROM name_positions WHERE n < length(NEW.name);
END;
CREATE TRIGGER subjects_names_ad AFTER DELETE ON subjects BEGIN
  INSERT INTO subject_names (subject_names, rowid, name) VALUES ('delete', OLD.id, OLD.name);
  DELETE FROM subject_name_bigrams WHERE subject_id = OLD.id
    AND gram IN (SELECT substr(OLD.name, n, 2) FROM name_positions WHERE n < length(OLD.name));
END;
CREATE TRIGGER subjects_names_au AFTER UPDATE OF name ON subjects BEGIN
  INSERT INTO subject_names (subject_names, rowid, name) VALUES ('delete', OLD.id, OLD.name);
  INSERT INTO subject_names (rowid, name) VALUES (NEW.id, NEW.name);
  DELETE FROM subject_name_bigrams WHERE subject_id = OLD.id
    AND gram IN (SELECT substr(OLD.name, n, 2) FROM name_positions WHERE n < length(OLD.name));
  INSERT OR IGNORE INTO subject_name_bigrams (gram, subject_id)
    SELECT substr(NEW.name, n, 2), NEW.id FROM name_positions WHERE n < length(NEW.name);
END;

-- Records of the public credit information catalogue (全国公共信用信息基础目录). 双公示 first:
-- category 'penalty' (行政处罚) and 'licence' (行政许可). Natural key: category + deciding authority + document number.
CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  category TEXT NOT NULL CHECK (category IN ('penalty', 'licence', 'enforcement', 'inspection', 'commendation', 'judgement', 'other')),
  doc_no TEXT NOT NULL,               -- 决定书文号 / 许可文书号 (CF_WSH / XK_WSH)
  title TEXT,                         -- 违法行为类型 (CF_WFXW) / 许可证书名称 (XK_LICENCE...)
  facts TEXT,                         -- 违法事实 (CF_SY) / 许可内容 (XK_NR)
  basis TEXT,                         -- 处罚依据 (CF_YJ)
  kinds TEXT,                         -- 处罚类别 (CF_CFLB) / 许可类别 (XK_XKLB), '；'-separated
  content TEXT,                       -- 处罚内容 (CF_NR)
  fine_wan REAL,                      -- 罚款金额（万元）(CF_NR_FK)
  confiscated_wan REAL,               -- 没收违法所得、没收非法财物的金额（万元）(CF_NR_WFFF)
  licence_ref TEXT,                   -- 暂扣或吊销证照名称及编号 (CF_NR_ZKDX) / 许可证书编号
  authority_name TEXT NOT NULL,       -- 处罚机关 / 许可机关
  authority_code TEXT NOT NULL,       -- its USCC
  decided_on TEXT NOT NULL,           -- 处罚决定日期 / 许可决定日期
  valid_from TEXT,
  valid_until TEXT,                   -- 有效期至; '2099-12-31' means long term (长期)
  severity TEXT CHECK (severity IN ('minor', 'general', 'serious')), -- 轻微 / 一般 / 严重 (penalties)
  publish_until TEXT,                 -- end of the publication window (NULL: no end)
  repairable_from TEXT,               -- the minimum publication period ends here (信用修复)
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'repaired', 'revoked', 'withdrawn')),
  objection_open INTEGER NOT NULL DEFAULT 0, -- 异议处理中
  remark TEXT,                        -- 备注 (BZ)
  version INTEGER NOT NULL DEFAULT 1,
  source_unit_name TEXT,
  source_unit_code TEXT,
  batch_id INTEGER REFERENCES ingest_batches (id),
  source_row INTEGER,
  received_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (category, authority_code, doc_no)
);
CREATE INDEX records_subject ON records (subject_id, category, decided_on);
CREATE INDEX records_publish_until ON records (publish_until) WHERE publish_until IS NOT NULL;
CREATE INDEX records_batch ON records (batch_id);

-- Earlier versions of a record (a corrected row replaces the current one; the old one stays here).
CREATE TABLE record_versions (
  record_id INTEGER NOT NULL REFERENCES records (id),
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,             -- JSON of the record as it was
  replaced_at TEXT NOT NULL,
  replaced_by_batch INTEGER,
  PRIMARY KEY (record_id, version)
);

-- 名单 entries. Natural key: list + subject + document number.
CREATE TABLE list_entries (
  id INTEGER PRIMARY KEY,
  list_type TEXT NOT NULL CHECK (list_type IN ('serious_dishonesty', 'dishonest_judgment_debtor', 'abnormal_operation', 'key_supervision', 'major_tax_violation', 'procurement_violation', 'red_list')),
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  reason TEXT NOT NULL,               -- 列入事由 / 失信行为
  legal_basis TEXT,                   -- 认定依据
  authority_name TEXT NOT NULL,       -- 认定部门
  authority_code TEXT NOT NULL,
  doc_no TEXT NOT NULL,               -- 决定文书号
  listed_on TEXT NOT NULL,
  planned_removal_on TEXT,            -- 计划移出日期 (NULL: until removed)
  removed_on TEXT,
  removal_reason TEXT,
  status TEXT NOT NULL DEFAULT 'listed' CHECK (status IN ('listed', 'removed', 'repaired')),
  objection_open INTEGER NOT NULL DEFAULT 0,
  source_unit_name TEXT,
  source_unit_code TEXT,
  batch_id INTEGER REFERENCES ingest_batches (id),
  source_row INTEGER,
  received_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (list_type, subject_id, doc_no)
);
CREATE INDEX list_entries_subject ON list_entries (subject_id, status);
CREATE INDEX list_entries_type ON list_entries (list_type, status, listed_on);

-- Status history for records and list entries: any published state can be reconstructed.
CREATE TABLE status_history (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('record', 'list_entry')),
  entity_id INTEGER NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor TEXT,
  reason TEXT
);
CREATE INDEX status_history_entity ON status_history (entity, entity_id, changed_at);

CREATE TRIGGER records_status_ai AFTER INSERT ON records BEGIN
  INSERT INTO status_history (entity, entity_id, from_status, to_status, actor) VALUES ('record', NEW.id, NULL, NEW.status, 'batch:' || NEW.batch_id);
END;
CREATE TRIGGER records_status_au AFTER UPDATE OF status ON records WHEN OLD.status IS NOT NEW.status BEGIN
  INSERT INTO status_history (entity, entity_id, from_status, to_status) VALUES ('record', NEW.id, OLD.status, NEW.status);
END;
CREATE TRIGGER list_entries_status_ai AFTER INSERT ON list_entries BEGIN
  INSERT INTO status_history (entity, entity_id, from_status, to_status, actor) VALUES ('list_entry', NEW.id, NULL, NEW.status, 'batch:' || NEW.batch_id);
END;
CREATE TRIGGER list_entries_status_au AFTER UPDATE OF status ON list_entries WHEN OLD.status IS NOT NEW.status BEGIN
  INSERT INTO status_history (entity, entity_id, from_status, to_status, reason) VALUES ('list_entry', NEW.id, OLD.status, NEW.status, NEW.removal_reason);
END;

-- Change feed: a monotonically increasing cursor over subjects whose records or list entries changed.
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id INTEGER NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX changes_subject ON changes (subject_id, seq);
CREATE TRIGGER records_changes_ai AFTER INSERT ON records BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.subject_id, 'record', NEW.id);
END;
CREATE TRIGGER records_changes_au AFTER UPDATE ON records BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.subject_id, 'record', NEW.id);
END;
CREATE TRIGGER list_entries_changes_ai AFTER INSERT ON list_entries BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.subject_id, 'list_entry', NEW.id);
END;
CREATE TRIGGER list_entries_changes_au AFTER UPDATE ON list_entries BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.subject_id, 'list_entry', NEW.id);
END;

-- 惩戒与激励措施: what a list entry means in a scene. effect: block 不得参与 / review 需复核 / flag 提示 / benefit 守信激励.
CREATE TABLE measures (
  id INTEGER PRIMARY KEY,
  list_type TEXT NOT NULL,
  scene TEXT NOT NULL,
  effect TEXT NOT NULL CHECK (effect IN ('block', 'review', 'flag', 'benefit')),
  text TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_by TEXT,
  UNIQUE (list_type, scene, text)
);
CREATE INDEX measures_lookup ON measures (list_type, scene) WHERE active = 1;

-- 信用承诺 (告知承诺 and others) and their fulfilment.
CREATE TABLE commitments (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  kind TEXT NOT NULL,                 -- 审批替代型 / 主动型 / 行业自律型 / 信用修复型
  matter TEXT NOT NULL,               -- 承诺事项
  authority_name TEXT NOT NULL,
  authority_code TEXT NOT NULL,
  doc_no TEXT NOT NULL,
  committed_on TEXT NOT NULL,
  due_on TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fulfilled', 'breached')),
  resolved_on TEXT,
  source_unit_code TEXT,
  batch_id INTEGER REFERENCES ingest_batches (id),
  source_row INTEGER,
  received_at TEXT,
  UNIQUE (authority_code, doc_no)
);
CREATE INDEX commitments_subject ON commitments (subject_id, status);

-- 公共信用综合评价: versioned models and their results (filled in by the evaluation capability).
CREATE TABLE evaluation_models (
  id INTEGER PRIMARY KEY,
  version TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'public' CHECK (kind IN ('public', 'industry')),
  industry_code TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
  definition TEXT NOT NULL,           -- JSON: dimensions, indicators, weights, thresholds, caps
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  published_at TEXT
);
CREATE TABLE evaluation_results (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  model_id INTEGER NOT NULL REFERENCES evaluation_models (id),
  grade TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  score REAL NOT NULL,
  explanation TEXT NOT NULL,          -- JSON
  data_version TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  current INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX evaluation_results_subject ON evaluation_results (subject_id, current, computed_at);

-- Signed receipts (查询凭证): the JWS itself is handed to the caller; we keep its number and digest.
CREATE TABLE receipts (
  number TEXT PRIMARY KEY,            -- CX-YYYYMMDD-XXXXXX
  digest TEXT NOT NULL,               -- SHA-256 of the compact JWS
  kid TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  scene TEXT,
  actor TEXT,
  item_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX receipts_issued ON receipts (issued_at);

-- 查询使用登记: every authenticated read of subject data, hash-chained for tamper evidence.
CREATE TABLE query_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_name TEXT,
  role TEXT NOT NULL,
  department_code TEXT,
  scene TEXT,
  purpose TEXT,
  route TEXT NOT NULL,
  receipt_number TEXT,
  answer_digest TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX query_log_actor ON query_log (actor, at);
CREATE INDEX query_log_at ON query_log (at);
CREATE TABLE query_log_subjects (
  log_id INTEGER NOT NULL REFERENCES query_log (id),
  subject_code TEXT NOT NULL,
  PRIMARY KEY (subject_code, log_id)
) WITHOUT ROWID;
