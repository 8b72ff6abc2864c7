-- indicators.sql -- the shipped patient-level indicators (indicators/*.yaml,
-- default method, no variants, no risk-model covariate patterns) as one
-- DuckDB query over stays.csv + events.csv, for the benchmark only
-- (bench/run.sh through bench/duckdb.mjs).  @STAYS@, @EVENTS@ and @CODES@
-- are replaced by paths.  Output: one row per hospital, fiscal quarter of
-- discharge and indicator with den, num and exposure, as qi's tallies.
--
-- Semantics as in specs/expressions.md: a `when` that is null counts as
-- false (coalesce), any(LIST, from, to) is an inclusive day window,
-- first_day() the first day of a list, codes ending in '*' are prefixes.
-- abx_prophylaxis_1h is computed from aggregated counts only (no `when`).
WITH
codes AS (
	SELECT regexp_extract(filename, '([a-z0-9_]+)\.csv$', 1) AS list,
	    rtrim(code, '*') AS stem, ends_with(code, '*') AS prefix
	FROM read_csv('@CODES@/*.csv', header = true, filename = true,
	    columns = {'code': 'VARCHAR', 'label': 'VARCHAR'})
),
ev AS (
	SELECT hospital, stay, day, code
	FROM read_csv('@EVENTS@', header = true,
	    types = {'hospital': 'VARCHAR', 'stay': 'VARCHAR', 'day': 'INTEGER',
	    'code': 'VARCHAR', 'kind': 'VARCHAR', 'qty': 'DOUBLE'})
),
evcodes AS (SELECT DISTINCT code FROM ev),
evmatch AS (
	SELECT e.code, c.list FROM evcodes e JOIN codes c
	ON (c.prefix AND starts_with(e.code, c.stem)) OR
	    (NOT c.prefix AND e.code = c.stem)
),
evl AS (SELECT ev.hospital, ev.stay, ev.day, m.list FROM ev JOIN evmatch m USING (code)),
fd AS (
	SELECT hospital, stay,
	    min(day) FILTER (WHERE list = 'general_anaesthesia') AS fd_ga,
	    count(*) FILTER (WHERE list = 'general_anaesthesia') AS n_ga,
	    min(day) FILTER (WHERE list = 'cardiac_surgery') AS fd_cs,
	    min(day) FILTER (WHERE list = 'colorectal_surgery') AS fd_crs,
	    min(day) FILTER (WHERE list = 'gastric_surgery') AS fd_gs,
	    min(day) FILTER (WHERE list = 'pci') AS fd_pci
	FROM evl GROUP BY hospital, stay
),
feat AS (
	SELECT evl.hospital, evl.stay, any_value(fd.n_ga) AS n_ga,
	    bool_or(list = 'general_anaesthesia') AS a_ga,
	    bool_or(list = 'prophylactic_abx' AND day BETWEEN fd_ga - 2 AND fd_ga - 1) AS a_abx_pre,
	    bool_or(list = 'prophylactic_abx' AND day = fd_ga) AS a_abx_day,
	    bool_or(list = 'caesarean') AS a_caes,
	    bool_or(list = 'blood_culture') AS a_bc,
	    bool_or(list = 'breast_cancer_surgery') AS a_bcs,
	    bool_or(list = 'breast_conserving_surgery') AS a_bcons,
	    bool_or(list = 'cardiac_surgery') AS a_cs,
	    bool_or(list = 'rehab_cardiac' AND day >= fd_cs + 1) AS a_rc,
	    bool_or(list = 'colorectal_surgery') AS a_crs,
	    bool_or(list = 'chemo_colorectal' AND day >= fd_crs) AS a_chemo_after,
	    bool_or(list = 'chemo_colorectal' AND day BETWEEN fd_crs AND fd_crs + 56) AS a_chemo56,
	    bool_or(list = 'delirium_care') AS a_del,
	    bool_or(list = 'gastric_surgery') AS a_gs,
	    bool_or(list = 'cytology' AND day = fd_gs) AS a_cyt,
	    bool_or(list = 'pathology' AND day <= fd_gs - 1) AS a_path,
	    bool_or(list = 'pci') AS a_pci,
	    bool_or(list = 'oral_anticoagulant' AND day <= fd_pci) AS a_oac,
	    bool_or(list = 'aspirin' AND day <= fd_pci) AS a_asp,
	    bool_or(list = 'p2y12_inhibitor' AND day <= fd_pci) AS a_p2y,
	    bool_or(list = 'antiplatelet_stroke' AND day BETWEEN 0 AND 1) AS a_apl,
	    bool_or(list = 'ct_mri' AND day BETWEEN 0 AND 1) AS a_ct,
	    bool_or(list = 'rehab_cerebrovascular' AND day BETWEEN 0 AND 3) AS a_reh,
	    bool_or(list = 'endoscopic_haemostasis') AS a_endo,
	    bool_or(list = 'vte_risk_surgery') AS a_vter,
	    bool_or(list = 'vte_prophylaxis_fee') AS a_vtef,
	    bool_or(list = 'anticoagulant') AS a_ac
	FROM evl JOIN fd USING (hospital, stay) GROUP BY evl.hospital, evl.stay
),
bcd AS (
	SELECT hospital, stay, count(*) AS d1, count(*) FILTER (WHERE n >= 2) AS d2
	FROM (SELECT hospital, stay, day, count(*) AS n FROM evl
	    WHERE list = 'blood_culture' GROUP BY hospital, stay, day)
	GROUP BY hospital, stay
),
s AS (
	SELECT *, date_diff('day', admission, discharge) AS los,
	    year(discharge) - CASE WHEN month(discharge) < 4 THEN 1 ELSE 0 END AS fy,
	    ((month(discharge) + 8) % 12) // 3 + 1 AS q,
	    string_split(dx_comorbid, ';') AS comorbid
	FROM read_csv('@STAYS@', header = true,
	    types = {'hospital': 'VARCHAR', 'stay': 'VARCHAR', 'patient': 'VARCHAR',
	    'admission': 'DATE', 'discharge': 'DATE', 'prev_discharge': 'DATE',
	    'dx_main': 'VARCHAR', 'dx_trigger': 'VARCHAR', 'dx_resource': 'VARCHAR',
	    'dx_comorbid': 'VARCHAR', 'dx_complication': 'VARCHAR',
	    'age': 'DOUBLE', 'sex': 'DOUBLE', 'emergency': 'DOUBLE',
	    'ambulance': 'DOUBLE', 'outcome': 'DOUBLE', 'death_24h': 'DOUBLE',
	    'onset_days': 'DOUBLE', 'killip': 'DOUBLE', 'jcs': 'DOUBLE',
	    'cancer_stage': 'DOUBLE', 'dementia': 'DOUBLE', 'insurance': 'DOUBLE',
	    'falls': 'DOUBLE', 'falls_3b': 'DOUBLE', 'restraint_days': 'DOUBLE',
	    'pressure_ulcer': 'DOUBLE'})
),
dxcodes AS (
	SELECT DISTINCT code FROM (
	    SELECT dx_main AS code FROM s UNION ALL SELECT dx_trigger FROM s
	    UNION ALL SELECT dx_resource FROM s
	    UNION ALL SELECT unnest(comorbid) FROM s) WHERE code IS NOT NULL
),
dxm AS (
	SELECT d.code, c.list FROM dxcodes d JOIN codes c
	ON (c.prefix AND starts_with(d.code, c.stem)) OR
	    (NOT c.prefix AND d.code = c.stem)
),
x AS (
	SELECT s.*, f.* EXCLUDE (hospital, stay), coalesce(b.d1, 0) AS d1,
	    coalesce(b.d2, 0) AS d2,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'aspiration_pneumonia'), false) AS r_asp,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'breast_cancer'), false) AS r_brc,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'colorectal_cancer'), false) AS r_crc,
	    coalesce(s.dx_main IN (SELECT code FROM dxm WHERE list = 'gastric_cancer'), false) AS m_gc,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'heart_failure'), false) AS r_hf,
	    coalesce(s.dx_main IN (SELECT code FROM dxm WHERE list = 'ami'), false) OR
	    coalesce(s.dx_trigger IN (SELECT code FROM dxm WHERE list = 'ami'), false) OR
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'ami'), false) OR
	    coalesce(list_has_any(s.comorbid, (SELECT list(code) FROM dxm WHERE list = 'ami')), false) AS any_ami,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'coronary_disease'), false) AS r_cad,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'acs'), false) AS r_acs,
	    coalesce(list_has_any(s.comorbid, (SELECT list(code) FROM dxm WHERE list = 'pressure_ulcer_dx')), false) AS c_pu,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'stroke_infarct'), false) AS r_si,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'stroke_cardioembolic'), false) AS r_sce,
	    coalesce(list_has_any(s.comorbid, (SELECT list(code) FROM dxm WHERE list = 'atrial_fibrillation')), false) AS c_af,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'stroke_acute'), false) AS r_sa,
	    coalesce(s.dx_resource IN (SELECT code FROM dxm WHERE list = 'bleeding_ulcer'), false) AS r_bu
	FROM s LEFT JOIN feat f USING (hospital, stay) LEFT JOIN bcd b USING (hospital, stay)
),
-- per stay: in the denominator (after exclusions) and in the numerator
t AS (
	SELECT hospital, fy, q, los,
	    coalesce(a_ga, false) AND NOT coalesce(n_ga >= 2, false) AND NOT coalesce(a_abx_pre, false) AND NOT coalesce(a_caes, false) AS d_abx,
	    coalesce(a_abx_day, false) AS n_abx,
	    coalesce(r_asp AND emergency = 1, false) AND NOT coalesce(insurance = 0, false) AS d_asp,
	    coalesce(date_diff('day', prev_discharge, admission) <= 30, false) AS n_asp,
	    coalesce(age >= 15 AND coalesce(a_bc, false), false) AS d_bc,
	    coalesce(r_brc AND cancer_stage = 1 AND coalesce(a_bcs, false), false) AND NOT coalesce(sex = 1, false) AS d_brc,
	    coalesce(a_bcons, false) AS n_brc,
	    coalesce(a_cs, false) AND NOT coalesce(outcome IN (6, 7), false) AS d_crh,
	    coalesce(a_rc, false) AS n_crh,
	    coalesce(r_crc AND cancer_stage = 3 AND coalesce(a_crs, false) AND coalesce(a_chemo_after, false), false) AND NOT coalesce(age >= 80, false) AS d_crc,
	    coalesce(a_chemo56, false) AS n_crc,
	    coalesce(age >= 70 OR dementia = 1 OR coalesce(a_ga, false), false) AND NOT coalesce(los <= 1, false) AS d_del,
	    coalesce(a_del, false) AS n_del,
	    falls_3b IS NOT NULL AS d_f3, falls_3b,
	    falls IS NOT NULL AS d_fa, falls,
	    coalesce(m_gc AND coalesce(a_gs, false), false) AND NOT coalesce(cancer_stage = 0, false) AS d_gpc,
	    coalesce(a_cyt, false) AS n_gpc,
	    coalesce(m_gc AND emergency = 0 AND coalesce(a_gs, false), false) AS d_gpp,
	    coalesce(a_path, false) AS n_gpp,
	    coalesce(r_hf AND age >= 18, false) AND NOT any_ami AS d_hf,
	    coalesce(outcome IN (6, 7), false) AS n_death,
	    coalesce(r_cad AND coalesce(a_pci, false), false) AND NOT coalesce(a_oac, false) AS d_dapt,
	    coalesce(a_asp, false) AND coalesce(a_p2y, false) AS n_dapt,
	    coalesce(r_acs AND ambulance = 1 AND coalesce(a_pci, false), false) AND NOT coalesce(coalesce(killip, 4) >= 3, false) AND NOT coalesce(death_24h = 1, false) AS d_pcim,
	    restraint_days IS NOT NULL AS d_rs, restraint_days,
	    coalesce(los >= 2 AND pressure_ulcer IS NOT NULL, false) AND NOT c_pu AS d_pu,
	    coalesce(pressure_ulcer = 1, false) AS n_pu,
	    NOT coalesce(outcome IN (6, 7), false) AS d_rd,
	    coalesce(emergency = 1 AND date_diff('day', prev_discharge, admission) <= 42, false) AS n_rd,
	    coalesce(r_si AND onset_days <= 3, false) AND NOT (r_sce OR c_af) AND NOT coalesce(outcome IN (6, 7) AND los <= 1, false) AS d_apl,
	    coalesce(a_apl, false) AS n_apl,
	    coalesce(r_sa AND emergency = 1, false) AND NOT coalesce(death_24h = 1, false) AS d_img,
	    coalesce(a_ct, false) AS n_img,
	    coalesce(r_si AND onset_days <= 3, false) AND NOT coalesce(outcome IN (6, 7) AND los <= 3, false) AND NOT coalesce(los <= 1 AND NOT (outcome IN (6, 7)), false) AS d_reh,
	    coalesce(a_reh, false) AS n_reh,
	    r_bu AND NOT coalesce(death_24h = 1, false) AS d_ulc,
	    coalesce(a_endo, false) AS n_ulc,
	    coalesce(age >= 40 AND coalesce(a_vter, false), false) AS d_vte,
	    coalesce(a_vtef, false) OR coalesce(a_ac, false) AS n_vte,
	    d1, d2
	FROM x
),
agg AS (
	SELECT hospital, fy, q,
	    count_if(d_abx) AS d_abx, count_if(d_abx AND n_abx) AS n_abx,
	    count_if(d_asp) AS d_asp, count_if(d_asp AND n_asp) AS n_asp,
	    sum(CASE WHEN d_bc THEN d1 ELSE 0 END) AS d_bc, sum(CASE WHEN d_bc THEN d2 ELSE 0 END) AS n_bc,
	    count_if(d_brc) AS d_brc, count_if(d_brc AND n_brc) AS n_brc,
	    count_if(d_crh) AS d_crh, count_if(d_crh AND n_crh) AS n_crh,
	    count_if(d_crc) AS d_crc, count_if(d_crc AND n_crc) AS n_crc,
	    count_if(d_del) AS d_del, count_if(d_del AND n_del) AS n_del,
	    count_if(d_f3) AS d_f3, sum(CASE WHEN d_f3 THEN falls_3b ELSE 0 END) AS n_f3, sum(CASE WHEN d_f3 THEN los ELSE 0 END) AS e_f3,
	    count_if(d_fa) AS d_fa, sum(CASE WHEN d_fa THEN falls ELSE 0 END) AS n_fa, sum(CASE WHEN d_fa THEN los ELSE 0 END) AS e_fa,
	    count_if(d_gpc) AS d_gpc, count_if(d_gpc AND n_gpc) AS n_gpc,
	    count_if(d_gpp) AS d_gpp, count_if(d_gpp AND n_gpp) AS n_gpp,
	    count_if(d_hf) AS d_hf, count_if(d_hf AND n_death) AS n_hf,
	    count_if(d_dapt) AS d_dapt, count_if(d_dapt AND n_dapt) AS n_dapt,
	    count_if(d_pcim) AS d_pcim, count_if(d_pcim AND n_death) AS n_pcim,
	    count_if(d_rs) AS d_rs, sum(CASE WHEN d_rs THEN restraint_days ELSE 0 END) AS n_rs, sum(CASE WHEN d_rs THEN los ELSE 0 END) AS e_rs,
	    count_if(d_pu) AS d_pu, count_if(d_pu AND n_pu) AS n_pu,
	    count_if(d_rd) AS d_rd, count_if(d_rd AND n_rd) AS n_rd,
	    count_if(d_apl) AS d_apl, count_if(d_apl AND n_apl) AS n_apl,
	    count_if(d_img) AS d_img, count_if(d_img AND n_img) AS n_img,
	    count_if(d_reh) AS d_reh, count_if(d_reh AND n_reh) AS n_reh,
	    count_if(d_ulc) AS d_ulc, count_if(d_ulc AND n_ulc) AS n_ulc,
	    count_if(d_vte) AS d_vte, count_if(d_vte AND n_vte) AS n_vte
	FROM t GROUP BY hospital, fy, q
),
long AS (
	SELECT hospital, fy, q, 'abx_prophylaxis_day_of_surgery' AS id, d_abx AS den, n_abx AS num, NULL AS exposure FROM agg
	UNION ALL SELECT hospital, fy, q, 'aspiration_pneumonia_readmission_30d', d_asp, n_asp, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'blood_culture_two_sets', d_bc, n_bc, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'breast_conserving_stage1', d_brc, n_brc, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'cardiac_rehab_after_surgery', d_crh, n_crh, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'colorectal_adjuvant_chemo_56d', d_crc, n_crc, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'delirium_prevention', d_del, n_del, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'falls_injurious_rate', d_f3, n_f3, e_f3 FROM agg
	UNION ALL SELECT hospital, fy, q, 'falls_rate', d_fa, n_fa, e_fa FROM agg
	UNION ALL SELECT hospital, fy, q, 'gastric_peritoneal_cytology', d_gpc, n_gpc, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'gastric_preop_pathology', d_gpp, n_gpp, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'hf_mortality', d_hf, n_hf, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'pci_dapt', d_dapt, n_dapt, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'pci_emergency_mortality', d_pcim, n_pcim, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'physical_restraint_rate', d_rs, n_rs, e_rs FROM agg
	UNION ALL SELECT hospital, fy, q, 'pressure_ulcer_incidence', d_pu, n_pu, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'readmission_6w', d_rd, n_rd, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'stroke_antiplatelet', d_apl, n_apl, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'stroke_early_imaging', d_img, n_img, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'stroke_early_rehab', d_reh, n_reh, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'ulcer_endoscopic_haemostasis', d_ulc, n_ulc, NULL FROM agg
	UNION ALL SELECT hospital, fy, q, 'vte_prophylaxis', d_vte, n_vte, NULL FROM agg
)
SELECT hospital, 'FY' || fy || 'Q' || q AS period, id, den, num, exposure
FROM long WHERE den > 0 ORDER BY hospital, period, id;
