-- 公共信用综合评价 (issue #5): the default model v1 and the 建筑业 overlay E-v1 (versioned data, immutable once
-- published), what the recomputation job needs to resume, and the grade → supervision tier mapping (分级分类监管).
-- Every indicator, weight, threshold, cap and tier number here is configuration (DOMAIN.md §8: no national
-- figures are public); docs/evaluation.md documents each one.

-- Results remember the change-feed position (changes.seq) they were computed at: a subject with a newer
-- change row is stale and is recomputed on its next read.
ALTER TABLE evaluation_results ADD COLUMN computed_seq INTEGER NOT NULL DEFAULT 0;
-- One current result per subject and model: two writers racing cannot both make theirs current.
CREATE UNIQUE INDEX evaluation_results_one_current ON evaluation_results (subject_id, model_id) WHERE current = 1;
CREATE INDEX evaluation_results_model_grade ON evaluation_results (model_id, current, grade);

-- At most one published model per kind (and per industry for overlays).
CREATE UNIQUE INDEX evaluation_models_one_published ON evaluation_models (kind, coalesce(industry_code, '')) WHERE status = 'published';

-- A published or retired model is history: its definition and identity never change (the API refuses with
-- 409 first; these triggers are the second guard, whatever path writes).
CREATE TRIGGER evaluation_models_definition_frozen BEFORE UPDATE OF definition, version, kind, industry_code ON evaluation_models
WHEN OLD.status <> 'draft' AND (NEW.definition IS NOT OLD.definition OR NEW.version IS NOT OLD.version OR NEW.kind IS NOT OLD.kind OR NEW.industry_code IS NOT OLD.industry_code)
BEGIN
  SELECT RAISE(ABORT, 'evaluation model is published and immutable: create a new draft version');
END;
CREATE TRIGGER evaluation_models_status_forward BEFORE UPDATE OF status ON evaluation_models
WHEN NOT ((OLD.status = NEW.status) OR (OLD.status = 'draft' AND NEW.status = 'published') OR (OLD.status = 'published' AND NEW.status = 'retired'))
BEGIN
  SELECT RAISE(ABORT, 'evaluation model status only moves draft -> published -> retired');
END;
CREATE TRIGGER evaluation_models_keep_history BEFORE DELETE ON evaluation_models WHEN OLD.status <> 'draft'
BEGIN
  SELECT RAISE(ABORT, 'a published or retired evaluation model cannot be deleted');
END;

-- Commitments and a subject's registration feed the evaluation too: their changes join the change feed.
CREATE TRIGGER commitments_changes_ai AFTER INSERT ON commitments BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.subject_id, 'commitment', NEW.id);
END;
CREATE TRIGGER commitments_changes_au AFTER UPDATE ON commitments BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.subject_id, 'commitment', NEW.id);
END;
CREATE TRIGGER subjects_changes_au AFTER UPDATE OF registration_status, registered_on, industry_code ON subjects
WHEN OLD.registration_status IS NOT NEW.registration_status OR OLD.registered_on IS NOT NEW.registered_on OR OLD.industry_code IS NOT NEW.industry_code
BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.id, 'subject', NEW.id);
END;

-- Full recomputation passes (Cron Trigger): one row per pass, advanced chunk by chunk in the same D1 batch
-- that writes the chunk's results, so an interrupted pass resumes exactly after its last written chunk.
CREATE TABLE evaluation_runs (
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES evaluation_models (id), -- the public model the pass grades with
  trigger TEXT NOT NULL,              -- cron | admin
  started_at TEXT NOT NULL,
  started_on TEXT NOT NULL,           -- China date the pass belongs to (one full pass per day)
  finished_at TEXT,
  cursor_subject_id INTEGER NOT NULL DEFAULT 0, -- last subject id written; the next chunk starts after it
  total_subjects INTEGER NOT NULL,    -- subjects to grade when the pass started
  processed INTEGER NOT NULL DEFAULT 0,
  regraded INTEGER NOT NULL DEFAULT 0, -- results whose grade, score or model changed
  chunks INTEGER NOT NULL DEFAULT 0,
  last_chunk_at TEXT,
  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'superseded'))
);
CREATE INDEX evaluation_runs_status ON evaluation_runs (status, id);

-- How far the job has followed the change feed (changes.seq) for incremental recomputation.
CREATE TABLE evaluation_feed_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO evaluation_feed_cursor (id, seq, updated_at) VALUES (1, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- 分级分类监管: grade → supervision tier under 双随机、一公开. Configuration, not law: no national ratios are
-- published, so these are the defaults an administrator adjusts.
CREATE TABLE supervision_tiers (
  grade TEXT PRIMARY KEY CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  tier TEXT NOT NULL,                 -- 监管类别
  spot_check_ratio REAL NOT NULL CHECK (spot_check_ratio >= 0 AND spot_check_ratio <= 1), -- 抽查比例
  frequency TEXT NOT NULL,            -- 抽查频次
  max_inspections_per_year INTEGER,   -- NULL: no upper bound (重点监管)
  measures TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO supervision_tiers (grade, tier, spot_check_ratio, frequency, max_inspections_per_year, measures) VALUES
  ('A', '信用风险低（A类）', 0.03, '每年不超过 1 次', 1, '降低抽查比例和频次，无事不扰；依法适用容缺受理、告知承诺等便利措施'),
  ('B', '信用风险较低（B类）', 0.05, '每年不超过 1 次', 1, '适当降低抽查比例和频次'),
  ('C', '信用风险一般（C类）', 0.10, '每年 1 至 2 次', 2, '按常规比例和频次抽查'),
  ('D', '信用风险较高（D类）', 0.30, '每年 2 至 4 次', 4, '提高抽查比例和频次，列为重点审查对象'),
  ('E', '信用风险高（E类）', 1.00, '重点监管，全覆盖检查', NULL, '列为重点监管对象，全覆盖检查并增加检查频次，不适用告知承诺制');

INSERT INTO evaluation_models (version, kind, industry_code, status, definition, published_at) VALUES
  ('v1', 'public', NULL, 'published', '{"maxScore":1000,"dimensions":[{"id":"basic","name":"基本信息"},{"id":"operation","name":"经营行为"},{"id":"fulfilment","name":"履约历史"},{"id":"supervision","name":"监管信息"},{"id":"growth","name":"成长潜力"}],"indicators":[{"id":"registration_age","name":"成立年限","dimension":"basic","weight":80,"reads":["登记注册基本信息"],"formula":{"kind":"registration_age","steps":[{"minYears":0,"rate":0.3},{"minYears":1,"rate":0.5},{"minYears":3,"rate":0.7},{"minYears":5,"rate":0.85},{"minYears":10,"rate":1}],"unknownRate":0.5}},{"id":"registration_status","name":"登记状态","dimension":"basic","weight":70,"reads":["登记注册基本信息"],"formula":{"kind":"registration_status","rates":{"存续":1,"在业":1,"迁出":0.6,"注销":0,"吊销":0,"撤销":0},"otherRate":0.5}},{"id":"licences_held","name":"有效行政许可","dimension":"operation","weight":100,"reads":["行政管理信息"],"formula":{"kind":"record_count","category":"licence","validOnToday":true,"steps":[{"min":0,"rate":0.4},{"min":1,"rate":0.7},{"min":2,"rate":0.85},{"min":3,"rate":1}]}},{"id":"abnormal_operation","name":"经营异常名录记录","dimension":"operation","weight":100,"reads":["经营（活动）异常名录（状态）"],"formula":{"kind":"list_deduction","points":{"abnormal_operation":100},"removedWithinMonths":36,"removedFactor":0.3,"fullDeduction":100}},{"id":"commitments_kept","name":"信用承诺履行","dimension":"fulfilment","weight":120,"reads":["信用承诺及履行情况"],"formula":{"kind":"commitment_ratio","prior":0.8,"priorWeight":1}},{"id":"judgment_debtor","name":"失信被执行记录","dimension":"fulfilment","weight":80,"reads":["司法裁判及执行信息"],"formula":{"kind":"list_deduction","points":{"dishonest_judgment_debtor":100},"removedWithinMonths":36,"removedFactor":0.5,"fullDeduction":100}},{"id":"penalties","name":"行政处罚","dimension":"supervision","weight":200,"reads":["行政管理信息"],"formula":{"kind":"penalty_deduction","withinMonths":36,"points":{"minor":5,"general":20,"serious":60},"recency":[{"withinMonths":12,"factor":1},{"withinMonths":24,"factor":0.6},{"withinMonths":36,"factor":0.3}],"objectionOpenFactor":0.5,"fullDeduction":100}},{"id":"dishonesty_lists","name":"失信与重点监管名单","dimension":"supervision","weight":150,"reads":["严重失信主体名单","行政管理信息"],"formula":{"kind":"list_deduction","points":{"serious_dishonesty":100,"major_tax_violation":80,"procurement_violation":60,"key_supervision":40},"removedWithinMonths":36,"removedFactor":0.25,"fullDeduction":100}},{"id":"honours","name":"荣誉与红名单","dimension":"growth","weight":60,"reads":["诚实守信相关荣誉"],"formula":{"kind":"honours","base":0.3,"redList":0.5,"perCommendation":0.2,"withinMonths":36}},{"id":"licence_growth","name":"新取得行政许可","dimension":"growth","weight":40,"reads":["行政管理信息"],"formula":{"kind":"record_count","category":"licence","validOnToday":false,"withinMonths":24,"steps":[{"min":0,"rate":0.5},{"min":1,"rate":0.8},{"min":2,"rate":1}]}}],"thresholds":{"A":900,"B":800,"C":650,"D":500},"caps":[{"id":"serious_dishonesty","name":"列入严重失信主体名单","when":{"kind":"list_in_force","listTypes":["serious_dishonesty"]},"maxGrade":"D"},{"id":"court_tax_procurement","name":"失信被执行人、重大税收违法失信主体或政府采购严重违法失信记录","when":{"kind":"list_in_force","listTypes":["dishonest_judgment_debtor","major_tax_violation","procurement_violation"]},"maxGrade":"C"},{"id":"serious_penalty_12m","name":"近 12 个月受到严重行政处罚","when":{"kind":"penalty_within","severity":"serious","withinMonths":12},"maxGrade":"C"},{"id":"registration_revoked","name":"营业执照被吊销或登记被撤销","when":{"kind":"registration_status","statuses":["吊销","撤销"]},"maxGrade":"E"}]}', '2026-11-27T00:00:00.000Z'),
  ('E-v1', 'industry', 'E', 'published', '{"maxScore":1000,"publicWeight":700,"dimensions":[{"id":"safety","name":"安全生产"},{"id":"qualification","name":"资质动态核查"}],"indicators":[{"id":"safety_production","name":"安全生产事故与违法","dimension":"safety","weight":150,"reads":["行政管理信息"],"formula":{"kind":"penalty_deduction","withinMonths":36,"points":{"minor":10,"general":40,"serious":100},"recency":[{"withinMonths":12,"factor":1},{"withinMonths":24,"factor":0.6},{"withinMonths":36,"factor":0.3}],"objectionOpenFactor":0.5,"fullDeduction":100,"match":{"keywords":["安全生产","生产安全","安全事故"]}}},{"id":"qualification_penalties","name":"资质违法处罚","dimension":"qualification","weight":80,"reads":["行政管理信息"],"formula":{"kind":"penalty_deduction","withinMonths":36,"points":{"minor":10,"general":40,"serious":100},"recency":[{"withinMonths":12,"factor":1},{"withinMonths":24,"factor":0.6},{"withinMonths":36,"factor":0.3}],"objectionOpenFactor":0.5,"fullDeduction":100,"match":{"keywords":["资质"],"kinds":["降低资质等级","吊销许可证件"]}}},{"id":"qualification_held","name":"有效资质与安全生产许可","dimension":"qualification","weight":70,"reads":["行政管理信息"],"formula":{"kind":"record_count","category":"licence","validOnToday":true,"match":{"keywords":["资质证书","安全生产许可证"]},"steps":[{"min":0,"rate":0},{"min":1,"rate":0.6},{"min":2,"rate":1}]}}],"thresholds":{"A":900,"B":800,"C":650,"D":500},"caps":[{"id":"serious_safety_12m","name":"近 12 个月因安全生产受到严重行政处罚","when":{"kind":"penalty_within","severity":"serious","withinMonths":12,"match":{"keywords":["安全生产","生产安全","安全事故"]}},"maxGrade":"D"}]}', '2026-11-27T00:00:00.000Z');
