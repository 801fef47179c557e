//! The series codebook of `docs/series.md` as data: what exactly a figure
//! counts, so that only like is compared with like (households screened
//! with households screened, never with people screened or teams sent).
//!
//! The table is the contract; extraction picks a code from it, loaders may
//! check a user's codes against it, the app names series by its labels.

use super::Measure;
use std::fmt;

/// One entry of the codebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series {
    /// `MEASURE.WHAT`, as written in files.
    pub code: &'static str,
    pub measure: Measure,
    pub zh: &'static str,
    pub en: &'static str,
    /// The units a figure of this series may have, as written (`人`, `户`);
    /// empty for the `MEASURE.other` entries, which take any unit.
    pub units: &'static [&'static str],
}

impl Series {
    /// Does `unit` fit this series? People counts written `人`, `名` or
    /// `位` are one unit, as are `个` and `处` (the scorer and `series.md`
    /// treat them alike); `万只` is `只` with its multiplier.
    pub fn allows(&self, unit: &str) -> bool {
        if self.units.is_empty() {
            return true;
        }
        let unit = canonical_unit(unit);
        self.units.iter().any(|u| canonical_unit(u) == unit)
    }

    /// Is this the catch-all of its measure (`screening.other`)?
    pub fn is_other(&self) -> bool {
        self.code.ends_with(".other")
    }

    /// "排查户数 households screened": how pickers and legends name it.
    pub fn label(&self) -> String {
        format!("{} {}", self.zh, self.en)
    }
}

/// The unit a comparison sees: `名`/`位` are `人`, `处` is `个`, a
/// multiplier word (`万只`) is dropped.
pub fn canonical_unit(unit: &str) -> &str {
    let unit = unit.trim();
    let unit = unit
        .strip_prefix('万')
        .filter(|u| !u.is_empty())
        .unwrap_or(unit);
    match unit {
        "名" | "位" => "人",
        "处" => "个",
        // Vehicle passages, however written.
        "台次" | "辆次" => "车次",
        u => u,
    }
}

use Measure::*;

const fn s(
    code: &'static str,
    measure: Measure,
    zh: &'static str,
    en: &'static str,
    units: &'static [&'static str],
) -> Series {
    Series {
        code,
        measure,
        zh,
        en,
        units,
    }
}

const PEOPLE: &[&str] = &["人", "名", "位"];
const PEOPLE_TIMES: &[&str] = &["人", "名", "位", "人次"];
// Schools and clinics are counted by 所.
const PLACES: &[&str] = &["家", "个", "处", "所"];
const POSTS: &[&str] = &["个", "处"];

/// The codebook, in the order of `series.md` (grouped by measure in the
/// order of [`Measure::ALL`]), each measure closed by its `.other`.
#[rustfmt::skip]
pub const CODEBOOK: &[Series] = &[
    s("screening.people", Screening, "排查人数", "people screened", PEOPLE_TIMES),
    s("screening.households", Screening, "排查户数", "households screened", &["户"]),
    s("screening.arrivals", Screening, "返乡来访人员", "arrivals registered", PEOPLE),
    s("screening.key_people", Screening, "重点人员", "people of concern found", PEOPLE),
    s("screening.places", Screening, "排查场所", "places screened", PLACES),
    s("screening.other", Screening, "其他排查", "other screening", &[]),
    s("checkpoint.posts", Checkpoint, "卡口数", "checkpoints set up", POSTS),
    s("checkpoint.staff", Checkpoint, "卡口值守人员", "checkpoint staff", PEOPLE),
    s("checkpoint.vehicles", Checkpoint, "查验车辆", "vehicles checked", &["辆", "台", "车次"]),
    s("checkpoint.people", Checkpoint, "查验人员", "people checked", PEOPLE_TIMES),
    s("checkpoint.turned_back", Checkpoint, "劝返", "turned back", &["人", "名", "位", "辆", "人次"]),
    s("checkpoint.other", Checkpoint, "其他卡口", "other checkpoint", &[]),
    // 人份 is one person's sample: a count of samples, as 份 is.
    s("testing.samples", Testing, "采样检测", "samples taken", &["人次", "份", "管", "人", "人份"]),
    s("testing.people", Testing, "检测人数", "people tested", PEOPLE),
    s("testing.sites", Testing, "采样点", "sampling sites", POSTS),
    s("testing.staff", Testing, "采样检测人员", "sampling staff", PEOPLE),
    s("testing.rounds", Testing, "检测轮次", "testing rounds", &["轮"]),
    s("testing.goods", Testing, "物品环境检测", "goods and environment tests", &["份", "批次", "件"]),
    s("testing.other", Testing, "其他检测", "other testing", &[]),
    s("vaccination.doses", Vaccination, "接种剂次", "doses given", &["剂次", "剂", "针", "人次"]),
    s("vaccination.people", Vaccination, "接种人数", "people vaccinated", PEOPLE),
    s("vaccination.coverage", Vaccination, "接种率", "coverage", &["%"]),
    s("vaccination.sites", Vaccination, "接种点", "vaccination sites", POSTS),
    s("vaccination.other", Vaccination, "其他接种", "other vaccination", &[]),
    s("quarantine.people", Quarantine, "隔离观察人员", "people in quarantine", PEOPLE),
    s("quarantine.contacts", Quarantine, "密接次密接", "contacts traced", PEOPLE),
    s("quarantine.released", Quarantine, "解除隔离", "released from quarantine", PEOPLE),
    s("quarantine.sites", Quarantine, "隔离场所", "quarantine sites", &["个", "处", "间"]),
    s("quarantine.areas", Quarantine, "封控区域", "controlled areas", &["个", "处", "栋"]),
    s("quarantine.other", Quarantine, "其他隔离管控", "other quarantine", &[]),
    s("medical.beds", Medical, "床位", "beds", &["张"]),
    s("medical.staff", Medical, "医务人员", "medical staff", &["人", "名", "位", "支"]),
    // Bulletins count patients discharged or cured in cases (出院4例).
    s("medical.patients", Medical, "救治就诊", "patients", &["人", "名", "位", "人次", "例"]),
    s("medical.facilities", Medical, "医疗机构", "medical facilities", PLACES),
    s("medical.other", Medical, "其他医疗", "other medical", &[]),
    s("cases.confirmed", Cases, "确诊病例", "confirmed cases", &["例"]),
    s("cases.asymptomatic", Cases, "无症状感染者", "asymptomatic infections", &["例"]),
    s("cases.suspected", Cases, "疑似病例", "suspected cases", &["例"]),
    s("cases.days_clear", Cases, "无新增天数", "days without a case", &["天"]),
    s("cases.other", Cases, "其他疫情数据", "other case data", &[]),
    s("personnel.volunteers", Personnel, "志愿者", "volunteers", PEOPLE),
    s("personnel.party_members", Personnel, "党员", "party members", PEOPLE),
    s("personnel.cadres", Personnel, "干部", "cadres", PEOPLE),
    s("personnel.staff", Personnel, "工作人员", "staff deployed", PEOPLE_TIMES),
    s("personnel.teams", Personnel, "队伍小组", "teams", &["支", "个", "组", "队"]),
    s("personnel.other", Personnel, "其他人员力量", "other personnel", &[]),
    s("supplies.masks", Supplies, "口罩", "masks", &["只", "个"]),
    s("supplies.disinfectant", Supplies, "消毒用品", "disinfectant", &["公斤", "千克", "瓶", "升", "吨", "箱"]),
    s("supplies.protective", Supplies, "防护用品", "protective equipment", &["套", "件", "个", "副", "支"]),
    s("supplies.goods", Supplies, "生活物资", "food and goods", &["斤", "吨", "份", "袋", "箱"]),
    s("supplies.money", Supplies, "捐款经费", "money", &["元"]),
    s("supplies.other", Supplies, "其他物资", "other supplies", &[]),
    s("publicity.materials", Publicity, "宣传资料", "leaflets and banners", &["份", "张", "条", "幅", "块"]),
    s("publicity.broadcasts", Publicity, "广播", "broadcasts", &["台", "个", "次"]),
    s("publicity.messages", Publicity, "短信推文", "messages and posts", &["条", "篇"]),
    s("publicity.reach", Publicity, "阅读覆盖", "people reached", &["次", "人次", "人"]),
    s("publicity.other", Publicity, "其他宣传", "other publicity", &[]),
    s("inspection.units", Inspection, "检查单位", "units inspected", PLACES),
    s("inspection.teams", Inspection, "督查组", "inspection teams", &["个", "组", "支"]),
    s("inspection.visits", Inspection, "检查次数", "inspections made", &["次", "轮"]),
    s("inspection.problems", Inspection, "发现问题", "problems found", &["个", "条", "处"]),
    s("inspection.fixed", Inspection, "整改问题", "problems fixed", &["个", "条", "处"]),
    s("inspection.other", Inspection, "其他督查", "other inspection", &[]),
    s("accountability.cases", Accountability, "问题案件", "cases", &["起", "件"]),
    s("accountability.people", Accountability, "问责人数", "people held accountable", PEOPLE),
    s("accountability.other", Accountability, "其他问责", "other accountability", &[]),
    s("disinfection.area", Disinfection, "消杀面积", "area disinfected", &["平方米"]),
    s("disinfection.rounds", Disinfection, "消杀次数", "disinfection rounds", &["次", "轮"]),
    s("disinfection.places", Disinfection, "消杀场所", "places disinfected", PLACES),
    s("disinfection.other", Disinfection, "其他消杀", "other disinfection", &[]),
    s("gatherings.banquets", Gatherings, "宴席", "banquets", &["起", "场", "桌"]),
    s("gatherings.venues", Gatherings, "关停场所", "venues closed", PLACES),
    s("gatherings.events", Gatherings, "取消活动", "events cancelled", &["场", "次", "个"]),
    s("gatherings.other", Gatherings, "其他聚集管控", "other gatherings", &[]),
    s("services.people", Services, "服务对象", "people served", &["人", "名", "位", "户", "人次"]),
    s("services.orders", Services, "代办订单", "orders and calls", &["单", "次", "件", "个"]),
    s("services.other", Services, "其他服务", "other services", &[]),
    s("economy.firms", Economy, "复工企业", "firms reopened", &["家", "个"]),
    s("economy.workers", Economy, "返岗人员", "workers back", PEOPLE),
    s("economy.money", Economy, "贷款补贴销售", "loans and sales", &["元"]),
    s("economy.other", Economy, "其他复工复产", "other economy", &[]),
    s("other.other", Other, "其他", "other", &[]),
];

/// The codebook entry of a code (`screening.households`).
pub fn lookup(code: &str) -> Option<&'static Series> {
    let code = code.trim();
    CODEBOOK.iter().find(|s| s.code == code)
}

/// The series of one measure, in codebook order, its `.other` last.
pub fn of_measure(measure: Measure) -> impl Iterator<Item = &'static Series> {
    CODEBOOK.iter().filter(move |s| s.measure == measure)
}

/// `MEASURE.other`: the series of a figure of `measure` that fits none of
/// its series, charted alone.
pub fn other_of(measure: Measure) -> &'static Series {
    of_measure(measure)
        .find(|s| s.is_other())
        .expect("every measure has its .other in the codebook")
}

/// Why a record's series does not fit: a warning, never a reason to drop
/// the record (a hand-coded file may know better than the codebook).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeriesProblem {
    /// The code is not in the codebook.
    Unknown(String),
    /// The series belongs to another measure than the record's.
    OtherMeasure { series: String, measure: Measure },
    /// The unit is none of the series' units.
    Unit { series: String, unit: String },
}

impl fmt::Display for SeriesProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeriesProblem::Unknown(code) => write!(f, "series {code:?} is not in the codebook"),
            SeriesProblem::OtherMeasure { series, measure } => {
                write!(f, "series {series} does not belong to measure {measure}")
            }
            SeriesProblem::Unit { series, unit } => {
                write!(f, "unit {unit:?} is none of the units of series {series}")
            }
        }
    }
}

/// Checks a record's series against its measure and unit. A record without
/// a series is fine: the field is optional.
pub fn check(measure: Measure, series: Option<&str>, unit: &str) -> Result<(), SeriesProblem> {
    let Some(code) = series else { return Ok(()) };
    let entry = lookup(code).ok_or_else(|| SeriesProblem::Unknown(code.to_string()))?;
    if entry.measure != measure {
        return Err(SeriesProblem::OtherMeasure {
            series: entry.code.to_string(),
            measure,
        });
    }
    if !entry.allows(unit) {
        return Err(SeriesProblem::Unit {
            series: entry.code.to_string(),
            unit: unit.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_carry_their_measure() {
        let mut seen = std::collections::HashSet::new();
        for s in CODEBOOK {
            assert!(seen.insert(s.code), "{} twice", s.code);
            let (m, what) = s.code.split_once('.').unwrap();
            assert_eq!(m, s.measure.code(), "{}", s.code);
            assert!(!what.is_empty() && !s.zh.is_empty() && !s.en.is_empty());
        }
    }

    #[test]
    fn every_measure_has_its_other_last() {
        for m in Measure::ALL {
            let all: Vec<_> = of_measure(m).collect();
            assert_eq!(all.last().unwrap().code, other_of(m).code);
            assert_eq!(other_of(m).code, format!("{}.other", m.code()));
            assert!(other_of(m).allows("批次"));
        }
        assert_eq!(other_of(Other).code, "other.other");
    }

    #[test]
    fn lookup_and_per_measure() {
        let h = lookup("screening.households").unwrap();
        assert_eq!(h.measure, Screening);
        assert!(h.allows("户") && !h.allows("人"));
        assert!(lookup(" checkpoint.posts ").is_some());
        assert!(lookup("screening.cats").is_none());
        let checkpoint: Vec<_> = of_measure(Checkpoint).map(|s| s.code).collect();
        assert!(checkpoint.contains(&"checkpoint.vehicles"));
        assert!(checkpoint.iter().all(|c| c.starts_with("checkpoint.")));
    }

    #[test]
    fn units_alike_count_as_one() {
        let staff = lookup("checkpoint.staff").unwrap();
        assert!(staff.allows("名") && staff.allows("位") && staff.allows("人"));
        assert!(lookup("checkpoint.posts").unwrap().allows("处"));
        assert!(lookup("supplies.masks").unwrap().allows("万只"));
        assert!(!lookup("checkpoint.posts").unwrap().allows("人"));
        let vehicles = lookup("checkpoint.vehicles").unwrap();
        assert!(vehicles.allows("辆次") && vehicles.allows("台次") && !vehicles.allows("人次"));
    }

    #[test]
    fn check_warns_of_unknown_foreign_and_unit() {
        assert_eq!(check(Screening, None, "户"), Ok(()));
        assert_eq!(check(Screening, Some("screening.households"), "户"), Ok(()));
        assert!(matches!(
            check(Screening, Some("screening.dogs"), "户"),
            Err(SeriesProblem::Unknown(_))
        ));
        assert!(matches!(
            check(Inspection, Some("screening.households"), "户"),
            Err(SeriesProblem::OtherMeasure { .. })
        ));
        let e = check(Screening, Some("screening.households"), "人").unwrap_err();
        assert!(matches!(e, SeriesProblem::Unit { .. }));
        assert!(e.to_string().contains("screening.households"));
        assert_eq!(check(Inspection, Some("inspection.other"), "批次"), Ok(()));
    }
}
