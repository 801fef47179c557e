use serde::{Deserialize, Serialize};

/// The measure codes of `records.md`. The order is the order of the table,
/// which is also the order legends and pickers show them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Screening,
    Checkpoint,
    Testing,
    Vaccination,
    Quarantine,
    Medical,
    Cases,
    Personnel,
    Supplies,
    Publicity,
    Inspection,
    Accountability,
    Disinfection,
    Gatherings,
    Services,
    Economy,
    Other,
}

impl Measure {
    pub const ALL: [Measure; 17] = [
        Measure::Screening,
        Measure::Checkpoint,
        Measure::Testing,
        Measure::Vaccination,
        Measure::Quarantine,
        Measure::Medical,
        Measure::Cases,
        Measure::Personnel,
        Measure::Supplies,
        Measure::Publicity,
        Measure::Inspection,
        Measure::Accountability,
        Measure::Disinfection,
        Measure::Gatherings,
        Measure::Services,
        Measure::Economy,
        Measure::Other,
    ];

    /// The code as written in files.
    pub fn code(self) -> &'static str {
        self.labels().0
    }

    /// The Chinese label of `records.md`.
    pub fn zh(self) -> &'static str {
        self.labels().1
    }

    /// A short English label.
    pub fn en(self) -> &'static str {
        self.labels().2
    }

    fn labels(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Measure::Screening => ("screening", "排查摸排", "screening"),
            Measure::Checkpoint => ("checkpoint", "卡口查验", "checkpoints"),
            Measure::Testing => ("testing", "核酸检测", "testing"),
            Measure::Vaccination => ("vaccination", "疫苗接种", "vaccination"),
            Measure::Quarantine => ("quarantine", "隔离管控", "quarantine"),
            Measure::Medical => ("medical", "医疗救治", "medical care"),
            Measure::Cases => ("cases", "疫情数据", "cases"),
            Measure::Personnel => ("personnel", "人员力量", "personnel"),
            Measure::Supplies => ("supplies", "物资保障", "supplies"),
            Measure::Publicity => ("publicity", "宣传引导", "publicity"),
            Measure::Inspection => ("inspection", "督查检查", "inspection"),
            Measure::Accountability => ("accountability", "执纪问责", "accountability"),
            Measure::Disinfection => ("disinfection", "消毒消杀", "disinfection"),
            Measure::Gatherings => ("gatherings", "聚集管控", "gatherings"),
            Measure::Services => ("services", "民生服务", "services"),
            Measure::Economy => ("economy", "复工复产", "economy"),
            Measure::Other => ("other", "其他", "other"),
        }
    }

    pub fn from_code(code: &str) -> Option<Measure> {
        let code = code.trim();
        Measure::ALL
            .into_iter()
            .find(|m| m.code().eq_ignore_ascii_case(code))
    }

    /// "排查摸排 screening": how pickers and legends name a measure.
    pub fn label(self) -> String {
        format!("{} {}", self.zh(), self.en())
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
