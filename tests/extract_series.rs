//! Series, tally and part_of end to end: sentences written for these tests
//! in the style of county news pages from several provinces (never the
//! seed pages), one test per rule.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

#[path = "common/extract.rs"]
mod common;
use common::{extract, find};
use countylens::records::series;
use countylens::records::{Measure, Record, Tally};

fn series_of(recs: &[Record], value: f64) -> &str {
    find(recs, value).series.as_deref().unwrap_or("(none)")
}

/// A short county page with a dateline.
fn page(county: &str, body: &str) -> String {
    format!("{county}:\n\n疫情防控一线见闻\n\n本报讯(通讯员 赵六)2022年4月6日,{body}\n")
}

#[test]
fn every_record_has_a_series_of_its_measure_and_unit() {
    let recs = extract(&page(
        "灵宝市",
        "灵宝市各乡镇连日来开展拉网式排查,累计排查居民4.6万户、13.8万人,排查外地返乡人员2310人;全市设立疫情防控卡点42个,发放口罩8万只、消毒液900公斤,张贴宣传海报3600张。",
    ));
    assert!(recs.len() >= 7, "{recs:#?}");
    for r in &recs {
        let code = r.series.as_deref().expect("every record has a series");
        let problem = series::check(r.measure, Some(code), &r.unit);
        assert_eq!(problem, Ok(()), "{r:#?}");
    }
}

#[test]
fn screening_households_people_and_arrivals() {
    let recs = extract(&page(
        "会理市",
        "会理市组织网格员入户走访,已排查居民1.9万户、5.2万人,其中省外返乡人员817人。",
    ));
    assert_eq!(series_of(&recs, 19000.0), "screening.households");
    assert_eq!(series_of(&recs, 52000.0), "screening.people");
    assert_eq!(series_of(&recs, 817.0), "screening.arrivals");
}

#[test]
fn the_cue_nearest_the_counted_noun_decides_the_checkpoint() {
    // Vehicles checked at an entry are checkpoint work, whatever verb.
    let recs = extract(&page(
        "武义县",
        "武义县在各进城路口检查过往车辆6120辆、司乘人员9880人次,劝返外地车辆37辆。",
    ));
    let r = find(&recs, 6120.0);
    assert_eq!(r.measure, Measure::Checkpoint);
    assert_eq!(r.series.as_deref(), Some("checkpoint.vehicles"));
    assert_eq!(series_of(&recs, 9880.0), "checkpoint.people");
    assert_eq!(series_of(&recs, 37.0), "checkpoint.turned_back");
    // Traffic-control posts are checkpoints, not quarantine.
    let recs = extract(&page(
        "宾川县",
        "宾川县实行交通管控,在通往县城的主要道路设置交通管制卡点11个,安排值守人员86名。",
    ));
    let r = find(&recs, 11.0);
    assert_eq!(r.measure, Measure::Checkpoint);
    assert_eq!(r.series.as_deref(), Some("checkpoint.posts"));
    assert_eq!(series_of(&recs, 86.0), "checkpoint.staff");
}

#[test]
fn a_trades_own_vehicles_are_not_checkpoint_work() {
    let recs = extract(&page(
        "东港市",
        "东港市市场监管局开展冷链食品专项检查,检查冷链运输车辆65台次,检查冷库企业23家。",
    ));
    assert_ne!(find(&recs, 65.0).measure, Measure::Checkpoint);
    assert_eq!(series_of(&recs, 23.0), "inspection.units");
}

#[test]
fn teams_by_their_purpose() {
    let recs = extract(&page(
        "岳西县",
        "岳西县疫情防控指挥部派出8个工作组,对全县商超、药店开展督查。岳西县团县委组建青年突击队5支,协助社区做好核酸检测秩序维护。",
    ));
    assert_eq!(series_of(&recs, 8.0), "inspection.teams");
    assert_eq!(series_of(&recs, 5.0), "personnel.teams");
}

#[test]
fn problems_found_and_problems_fixed() {
    let recs = extract(&page(
        "寻乌县",
        "寻乌县纪委监委组成暗访组深入一线,共发现问题64个,已督促整改59个。",
    ));
    assert_eq!(series_of(&recs, 64.0), "inspection.problems");
    assert_eq!(series_of(&recs, 59.0), "inspection.fixed");
}

#[test]
fn testing_vaccination_and_quarantine() {
    let recs = extract(&page(
        "额敏县",
        "4月5日,额敏县完成第三轮全员核酸采样9.6万人次,设置采样点120个。全县累计接种新冠疫苗18.7万剂次。当日追踪密切接触者46人,解除集中隔离118人。",
    ));
    assert_eq!(series_of(&recs, 96000.0), "testing.samples");
    assert_eq!(series_of(&recs, 120.0), "testing.sites");
    assert_eq!(series_of(&recs, 187000.0), "vaccination.doses");
    assert_eq!(series_of(&recs, 46.0), "quarantine.contacts");
    assert_eq!(series_of(&recs, 118.0), "quarantine.released");
}

#[test]
fn personnel_and_supplies_by_the_nearest_noun() {
    let recs = extract(&page(
        "泾川县",
        "泾川县动员党员志愿者1260名、机关干部430名下沉社区;县红十字会向一线发放N95口罩1.2万只、医用酒精3吨、防护服800套。",
    ));
    assert_eq!(series_of(&recs, 1260.0), "personnel.volunteers");
    assert_eq!(series_of(&recs, 430.0), "personnel.cadres");
    assert_eq!(series_of(&recs, 12000.0), "supplies.masks");
    assert_eq!(series_of(&recs, 3.0), "supplies.disinfectant");
    assert_eq!(series_of(&recs, 800.0), "supplies.protective");
}

#[test]
fn a_kind_without_a_series_is_its_measures_other() {
    let recs = extract(&page("临澧县", "临澧县纪委监委下发疫情防控督查通报6期。"));
    let r = find(&recs, 6.0);
    assert_eq!(r.measure, Measure::Inspection);
    assert_eq!(r.series.as_deref(), Some("inspection.other"));
}

#[test]
fn tally_from_cue_words_and_a_stated_day() {
    let recs = extract(&page(
        "乐东黎族自治县",
        "4月5日,乐东黎族自治县新增确诊病例3例,累计确诊病例57例。截至4月5日,全县共排查返乡人员4210人。4月4日,全县完成核酸采样12.3万人次。全县组建志愿服务队36支。",
    ));
    assert_eq!(find(&recs, 3.0).tally, Some(Tally::Period));
    assert_eq!(find(&recs, 57.0).tally, Some(Tally::Cumulative));
    assert_eq!(find(&recs, 4210.0).tally, Some(Tally::Cumulative));
    assert_eq!(find(&recs, 123000.0).tally, Some(Tally::Period));
    assert_eq!(find(&recs, 36.0).tally, None);
}

#[test]
fn parts_after_qizhong_and_baokuo() {
    let recs = extract(&page(
        "巴林右旗",
        "巴林右旗累计走访群众8650人,其中常住人口8420人、流动人口230人;全旗发放口罩6000只。全旗排查重点人员96人,包括外省来返人员41人。",
    ));
    assert!(!find(&recs, 8650.0).part_of);
    assert!(find(&recs, 8420.0).part_of);
    assert!(find(&recs, 230.0).part_of);
    assert!(!find(&recs, 6000.0).part_of);
    assert!(!find(&recs, 96.0).part_of);
    assert!(find(&recs, 41.0).part_of);
}

#[test]
fn people_and_list_items_beside_vehicles_checked_are_checkpoint_work() {
    let recs = extract(&page(
        "涡阳县",
        "涡阳县9处公路卫生检疫站累计检查车辆18200辆,检测乘客40650名,其中外省籍车辆960辆2730人。",
    ));
    assert_eq!(series_of(&recs, 9.0), "checkpoint.posts");
    assert_eq!(series_of(&recs, 18200.0), "checkpoint.vehicles");
    let r = find(&recs, 40650.0);
    assert_eq!(r.measure, Measure::Checkpoint);
    assert_eq!(r.series.as_deref(), Some("checkpoint.people"));
    let r = find(&recs, 960.0);
    assert_eq!(
        (r.series.as_deref(), r.part_of),
        (Some("checkpoint.vehicles"), true)
    );
    let r = find(&recs, 2730.0);
    assert_eq!(
        (r.series.as_deref(), r.part_of),
        (Some("checkpoint.people"), true)
    );
}

#[test]
fn a_datelines_day_is_no_period_and_warnings_are_accountability() {
    let recs = extract(&page(
        "安远县",
        "连日来,安远县纪委监委约谈提醒相关责任人14人。",
    ));
    let r = find(&recs, 14.0);
    assert_eq!(r.series.as_deref(), Some("accountability.people"));
    assert_eq!(r.tally, None);
}

#[test]
fn people_sampled_and_results_out_are_apart_from_samples() {
    let recs = extract(&page(
        "滦州市",
        "截至4月5日18时,滦州市已采样51.3万人,已出结果49.7万人;当日采集样本8.6万人份。",
    ));
    assert_eq!(series_of(&recs, 513000.0), "testing.people");
    assert_eq!(series_of(&recs, 497000.0), "testing.other");
    assert_eq!(series_of(&recs, 86000.0), "testing.samples");
}

#[test]
fn people_sent_for_sampling_are_testing_staff() {
    let recs = extract(&page(
        "青州市",
        "青州市抽调医务人员1300人组成核酸采样队,其中镇街卫生院420人,分赴各村开展采样。",
    ));
    assert_eq!(find(&recs, 1300.0).measure, Measure::Testing);
    assert_eq!(series_of(&recs, 1300.0), "testing.staff");
    assert_eq!(series_of(&recs, 420.0), "testing.staff");
    let recs = extract(&page(
        "青州市",
        "青州市动员志愿者650人协助维护采样现场秩序。",
    ));
    assert_eq!(series_of(&recs, 650.0), "personnel.volunteers");
}

#[test]
fn deaths_standing_cases_and_discharges_are_not_confirmed_cases() {
    let recs = extract(&page(
        "襄州区",
        "截至4月5日24时,襄州区累计报告确诊病例61例,累计死亡2例,累计治愈出院47例,现有确诊病例12例。已解除医学观察1080人,尚有136人正在接受医学观察。",
    ));
    assert_eq!(series_of(&recs, 61.0), "cases.confirmed");
    assert_eq!(series_of(&recs, 2.0), "cases.other");
    assert_eq!(find(&recs, 47.0).measure, Measure::Medical);
    assert_eq!(series_of(&recs, 47.0), "medical.patients");
    assert_eq!(series_of(&recs, 12.0), "cases.other");
    assert_eq!(series_of(&recs, 1080.0), "quarantine.released");
    assert_eq!(series_of(&recs, 136.0), "quarantine.people");
}

#[test]
fn places_in_a_list_inspected_are_inspected_units() {
    let recs = extract(&page(
        "安化县",
        "安化县纪委监委督查组实地查看隔离酒店6个、农贸市场11个、学校14所、冷链企业5家,发现问题23个。",
    ));
    for v in [6.0, 11.0, 14.0, 5.0] {
        assert_eq!(find(&recs, v).measure, Measure::Inspection, "{v}");
        assert_eq!(series_of(&recs, v), "inspection.units", "{v}");
    }
    assert_eq!(series_of(&recs, 23.0), "inspection.problems");
    let recs = extract(&page(
        "沅陵县",
        "沅陵县纪委对全县21个乡镇、16个卡点、3个隔离点的防疫工作开展明察暗访。",
    ));
    assert_eq!(series_of(&recs, 16.0), "inspection.units");
    assert_eq!(series_of(&recs, 3.0), "inspection.units");
}

#[test]
fn people_named_by_where_they_came_back_from_are_arrivals() {
    let recs = extract(&page(
        "孟州市",
        "孟州市从武汉返回62人,从湖北其他地市返回38人,目前已解除隔离71人。全市管控来孟返孟人员2150人。",
    ));
    for v in [62.0, 38.0, 2150.0] {
        assert_eq!(find(&recs, v).measure, Measure::Screening, "{v}");
        assert_eq!(series_of(&recs, v), "screening.arrivals", "{v}");
    }
    assert_eq!(series_of(&recs, 71.0), "quarantine.released");
}

#[test]
fn public_funds_and_what_supplies_were_worth_are_supplies_money() {
    let recs = extract(&page(
        "宁国市",
        "宁国市财政紧急拨款320万元用于疫情防控,累计拨付防控资金512万元;爱心企业捐赠的这批防护服价值46万元。",
    ));
    for v in [3_200_000.0, 5_120_000.0, 460_000.0] {
        assert_eq!(find(&recs, v).measure, Measure::Supplies, "{v}");
        assert_eq!(series_of(&recs, v), "supplies.money", "{v}");
    }
}

#[test]
fn gifts_received_and_police_officers_are_named() {
    let recs = extract(&page(
        "旌德县",
        "旌德县红十字会目前已受赠口罩约2600只。县公安局已有85名干警投入卡点执勤之外的社区防疫。",
    ));
    assert_eq!(series_of(&recs, 2600.0), "supplies.masks");
    assert_eq!(find(&recs, 85.0).measure, Measure::Personnel);
}

#[test]
fn an_approximate_figure_is_not_an_exact_one_retold() {
    let recs = extract(&page(
        "广德市",
        "广德市红十字会已受赠医用口罩900只、防护服60套。团市委招募志愿者120人,收到爱心人士捐赠口罩约900只。",
    ));
    let masks: Vec<_> = recs.iter().filter(|r| r.value == 900.0).collect();
    assert_eq!(masks.len(), 2, "{recs:#?}");
}

#[test]
fn positives_found_are_infections_not_samples() {
    let recs = extract(&page(
        "伊宁市",
        "伊宁市当日完成核酸采样31.6万人次,其中检出阳性9份;排查出的密接人员中有14人呈阳性。",
    ));
    assert_eq!(series_of(&recs, 316000.0), "testing.samples");
    for v in [9.0, 14.0] {
        assert_eq!(find(&recs, v).measure, Measure::Cases, "{v}");
        assert_eq!(series_of(&recs, v), "cases.other", "{v}");
    }
}

#[test]
fn fixes_on_the_spot_patients_and_sealed_places() {
    let recs = extract(&page(
        "建水县",
        "建水县督查组共发现问题86个,督促立行立改71项。县人民医院收治已确诊的12位新冠肺炎病人。全县已封控中高风险场所37处。",
    ));
    assert_eq!(series_of(&recs, 71.0), "inspection.fixed");
    assert_eq!(find(&recs, 12.0).measure, Measure::Medical);
    assert_eq!(series_of(&recs, 12.0), "medical.patients");
    assert_eq!(find(&recs, 37.0).measure, Measure::Quarantine);
    assert_eq!(series_of(&recs, 37.0), "quarantine.areas");
}

#[test]
fn households_given_supplies_are_served_and_estates_screened_are_places() {
    let recs = extract(&page(
        "东宁市",
        "东宁市免费向全市1.8万户居民发放防疫物资包。社区工作者入户排查了滨河等6个小区。",
    ));
    assert_eq!(find(&recs, 18000.0).measure, Measure::Services);
    assert_eq!(series_of(&recs, 18000.0), "services.people");
    assert_eq!(series_of(&recs, 6.0), "screening.places");
}

#[test]
fn a_verb_governs_its_object_past_a_plain_modifier_and_asides_keep_the_whole() {
    let recs = extract(&page(
        "同心县",
        "同心县排查冷藏食品运输企业17家。全县共追踪到密切接触者860人（含开发区120人）。",
    ));
    assert_eq!(find(&recs, 17.0).measure, Measure::Screening);
    assert_eq!(series_of(&recs, 17.0), "screening.places");
    assert_eq!(series_of(&recs, 860.0), "quarantine.contacts");
    assert_eq!(series_of(&recs, 120.0), "quarantine.contacts");
}

#[test]
fn arrivals_alone_in_their_sentence_are_kept() {
    let recs = extract(&page(
        "嵩县",
        "嵩县全力开展疫情防控摸排。从省内其他地市返回的共318人。",
    ));
    assert_eq!(series_of(&recs, 318.0), "screening.arrivals");
}

#[test]
fn people_from_big_data_matching_and_their_parts_are_key_people() {
    let recs = extract(&page(
        "伊川县",
        "伊川县通过大数据比对出涉疫人员412人,其中已排查136人、信息有误58人、已离开本县21人。",
    ));
    for v in [412.0, 136.0, 58.0, 21.0] {
        assert_eq!(series_of(&recs, v), "screening.key_people", "{v}");
    }
}
