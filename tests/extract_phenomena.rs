//! One test per phenomenon the extractor must handle, on sentences written
//! for these tests in the style of local news pages (never the seed pages).

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

#[path = "common/extract.rs"]
mod common;
use common::{extract, find};
use countylens::extract::{self as extractor, Hints};
use countylens::load::{self, Progress, Select};
use countylens::records::{DateBasis, Measure, Record};

/// A short newspaper page about a county of Hunan, with a dateline. (Its
/// kicker names a real county: `衡东县` only read as 南县 by taking the
/// name out of a word.)
fn page(body: &str) -> String {
    format!("衡东县:\n\n防控措施落到实处\n\n本报讯(通讯员 王一 记者 李二)2022年3月20日,{body}\n")
}

#[test]
fn multipliers_and_decimals() {
    let recs = extract(&page(
        "衡阳市衡东县已累计完成新冠疫苗接种12.5万剂次,向居民发放口罩3.2万只。",
    ));
    let r = find(&recs, 125000.0);
    assert_eq!((r.unit.as_str(), r.measure), ("剂次", Measure::Vaccination));
    let r = find(&recs, 32000.0);
    assert_eq!((r.unit.as_str(), r.measure), ("只", Measure::Supplies));
}

#[test]
fn chinese_numerals_and_approximators() {
    let recs = extract(&page(
        "衡东县组织近百名志愿者走村入户,发放口罩两万只,排查返乡人员3000余人,宣传视频点击量超过十万。",
    ));
    let r = find(&recs, 100.0);
    assert!(r.approx);
    assert_eq!(r.measure, Measure::Personnel);
    assert!(!find(&recs, 20000.0).approx);
    let r = find(&recs, 3000.0);
    assert!(r.approx);
    assert_eq!(r.measure, Measure::Screening);
    assert_eq!(find(&recs, 100000.0).measure, Measure::Publicity);
}

#[test]
fn numbers_split_by_spaces_and_line_breaks() {
    let text = "衡东县:\n\n排查到位\n\n本报讯(记者 张三)2022年3月20日,衡东县各乡镇连日来开展地毯式排查,目前已排查居民 6 000 多户、2\n\n1000 余人,排查率达到 100%。\n";
    let recs = extract(text);
    let r = find(&recs, 21000.0);
    assert_eq!(r.unit, "人");
    assert!(r.approx);
    // The span points back into the original text, line break included.
    let [a, b] = r.span.unwrap();
    let original: String = text.chars().skip(a).take(b - a).collect();
    assert!(original.contains("2\n\n1000"), "{original:?}");
    assert_eq!(find(&recs, 100.0).unit, "%");
}

#[test]
fn rules_dates_phones_years_and_ordinals_are_not_figures() {
    let recs = extract(&page(
        "衡东县对返乡人员实行14天居家隔离,24小时值班,咨询电话0734-5678901,第3批医疗队出发,2022年工作总结。",
    ));
    assert!(recs.is_empty(), "{recs:#?}");
}

#[test]
fn old_names_resolve_to_the_renamed_township() {
    let text = "全力以赴抗疫情\n\n——衡阳市珠晖区东风路街道防控侧记\n\n■通讯员 王五\n\n截至2月10日,东风路街道已排查涉鄂人员120人,全部落实居家隔离。\n";
    let recs = extract(text);
    let r = find(&recs, 120.0);
    assert_eq!(&*r.locality, "东风街道");
    assert_eq!(
        r.locality_path.iter().map(|p| &**p).collect::<Vec<_>>(),
        ["湖南省", "衡阳市", "珠晖区", "东风街道"]
    );
}

#[test]
fn ambiguous_names_resolve_by_the_article_city() {
    let text = "本报讯 济南市历城区东风街道组织党员志愿者80名,对辖区小区开展排查。\n";
    let r = find(&extract(text), 80.0).clone();
    assert!(
        r.locality_path.iter().any(|p| &**p == "历城区"),
        "{:?}",
        r.locality_path
    );
    let text = "本报讯 衡阳市珠晖区东风街道组织党员志愿者80名,对辖区小区开展排查。\n";
    let r = find(&extract(text), 80.0).clone();
    assert!(
        r.locality_path.iter().any(|p| &**p == "珠晖区"),
        "{:?}",
        r.locality_path
    );
}

#[test]
fn references_resolve_to_the_article_place() {
    let text = "蒸湘区:\n\n织密防控网\n\n本报讯(记者 赵六)2022年4月2日,全区共派出疫情防控督查组12个,区卫健局组织医务人员300名下沉社区。该区还关闭娱乐场所45家。\n";
    let recs = extract(text);
    for v in [12.0, 300.0, 45.0] {
        assert_eq!(&*find(&recs, v).locality, "蒸湘区");
    }
    assert_eq!(find(&recs, 12.0).measure, Measure::Inspection);
    assert_eq!(find(&recs, 45.0).measure, Measure::Gatherings);
}

#[test]
fn offices_belong_to_their_place() {
    let text = "衡东县:\n\n督查不停歇\n\n本报讯 2022年4月1日,县市场监管局对全县52家超市开展了防疫专项检查。\n";
    let r = find(&extract(text), 52.0).clone();
    assert_eq!(&*r.locality, "衡东县");
    assert_eq!(r.measure, Measure::Inspection);
}

#[test]
fn a_county_office_acts_for_the_county_in_a_town_story() {
    let text = "草市镇:\n\n织密防控网\n\n本报讯 2022年4月1日,草市镇组织党员干部40人值守卡口。同时,衡东县卫健局派出医疗队5支驻镇指导。\n";
    let recs = extract(text);
    assert_eq!(&*find(&recs, 40.0).locality, "草市镇");
    assert_eq!(&*find(&recs, 5.0).locality, "衡东县");
}

#[test]
fn a_clause_of_its_own_is_not_a_list_item() {
    let recs = extract(&page(
        "衡东县组织志愿者300人参与疫情防控,在各村口设立劝导点46个。",
    ));
    assert_eq!(find(&recs, 300.0).measure, Measure::Personnel);
    assert_eq!(find(&recs, 46.0).measure, Measure::Checkpoint);
}

#[test]
fn villages_hang_under_their_town() {
    let text =
        "本报讯 2022年4月1日,衡东县草市镇新塘村组建了一支32人的志愿服务队,开展防疫知识宣传。\n";
    let r = find(&extract(text), 32.0).clone();
    assert_eq!(&*r.locality, "新塘村");
    assert_eq!(
        r.locality_path.iter().map(|p| &**p).collect::<Vec<_>>(),
        ["湖南省", "衡阳市", "衡东县", "草市镇", "新塘村"]
    );
}

#[test]
fn a_village_after_a_reference_hangs_under_the_referred_town() {
    let text = "草市镇:\n\n守好村口\n\n2022年4月12日 来源:衡东县融媒体中心\n\n草市镇累计排查返乡人员426人。该镇新塘村组织党员志愿者18人在村口值守疫情防控卡点。\n";
    let r = find(&extract(text), 18.0).clone();
    assert_eq!(&*r.locality, "新塘村");
    assert_eq!(&*r.locality_path[r.locality_path.len() - 2], "草市镇");
    assert_eq!(
        r.date.to_string(),
        "2022-04-12",
        "the dated source line dates the page"
    );
}

#[test]
fn a_year_nowhere_in_the_page_is_inferred_and_flagged() {
    let text = "衡南县:\n\n严防死守\n\n本报讯 2月10日,衡南县对涉鄂返乡人员开展排查,共排查武汉返乡人员560人,复工复产有序推进。\n";
    let r = find(&extract(text), 560.0).clone();
    assert_eq!(r.date.to_string(), "2020-02-10");
    assert_eq!(r.date_basis, Some(DateBasis::Inferred));
}

#[test]
fn a_year_in_the_url_dates_the_page() {
    let text = "衡南县开展疫情防控督查\n\n本报讯 衡南县派出督查组8个,发现问题35个。\n\n本文链接:https://news.example.cn/content/2021/08/12/1234.html\n";
    let r = find(&extract(text), 35.0).clone();
    assert_eq!(r.date.to_string(), "2021-08-12");
    assert_eq!(r.date_basis, Some(DateBasis::Article));
}

#[test]
fn a_web_timestamp_dates_the_page_and_related_lists_do_not() {
    let text = "祁东县加强疫情防控\n发布时间:2022-05-06 09:12 来源:祁东新闻网\n截至5月5日,祁东县累计排查外来人员2300余人。\n相关内容\n祁东县召开经济工作会议 2024-01-15\n";
    let r = find(&extract(text), 2300.0).clone();
    assert_eq!(r.date.to_string(), "2022-05-05");
    assert_eq!(r.date_basis, Some(DateBasis::Stated));
}

#[test]
fn organised_people_are_named_by_the_words_before_the_figure() {
    let r = find(
        &extract(&page(
            "衡东县卫健局组织医务人员150名下沉社区,协助开展核酸采样。",
        )),
        150.0,
    )
    .clone();
    assert_eq!(r.measure, Measure::Personnel);
    assert_eq!(r.indicator.as_deref(), Some("医务人员"));
}

#[test]
fn a_verb_right_before_its_object_says_what_was_done() {
    let recs = extract(&page(
        "衡东县在各路口设立疫情检查站15个,检测体温过往人员5.2万人次。石湾镇排查重点人员74人,其中居家隔离观察30人。",
    ));
    assert_eq!(
        find(&recs, 52000.0).measure,
        Measure::Checkpoint,
        "temperatures taken at checkpoints"
    );
    assert_eq!(
        find(&recs, 74.0).measure,
        Measure::Screening,
        "people of concern found"
    );
    assert_eq!(find(&recs, 30.0).measure, Measure::Quarantine);
}

#[test]
fn list_items_keep_the_verb_and_name_themselves() {
    let recs = extract(&page(
        "县指挥部向各乡镇调拨口罩12万只、防护服3000套,已排查居民9000户、商铺420家。",
    ));
    let r = find(&recs, 3000.0);
    assert_eq!(
        (r.measure, r.indicator.as_deref()),
        (Measure::Supplies, Some("防护服"))
    );
    assert_eq!(
        find(&recs, 120000.0).indicator.as_deref(),
        Some("调拨"),
        "not the next item's noun"
    );
    assert_eq!(find(&recs, 420.0).measure, Measure::Screening);
}

#[test]
fn a_stated_cutoff_dates_its_sentence() {
    let recs = extract(&page("截至3月18日,衡东县累计核酸检测45万人次。"));
    let r = find(&recs, 450000.0);
    assert_eq!(r.date.to_string(), "2022-03-18");
    assert_eq!(r.date_basis, Some(DateBasis::Stated));
    assert_eq!(r.measure, Measure::Testing);
}

#[test]
fn non_epidemic_articles_yield_nothing() {
    let text = "汛期安全\n\n本报讯 2021年6月1日,某县组织防汛抢险队伍30支、队员600人,对全县210座水库开展防汛检查,悬挂防溺水横幅300条,发放防溺水宣传资料5000份。\n";
    assert!(extract(text).is_empty(), "{:#?}", extract(text));
}

#[test]
fn epidemic_sentences_inside_a_mixed_page_still_count() {
    let text = "本报讯 2021年8月3日,湘潭县组建防溺水巡查队伍20支。同日,湘潭县组织核酸采样人员150名支援社区疫情防控。\n";
    let recs = extract(text);
    assert!(recs.iter().all(|r| r.value != 20.0), "{recs:#?}");
    // Sampling staff have their own series (testing.staff), so they are
    // testing, no longer personnel of no stated kind.
    let r = find(&recs, 150.0);
    assert_eq!(r.measure, Measure::Testing);
    assert_eq!(r.series.as_deref(), Some("testing.staff"));
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn gbk_big5_utf16_and_html_files_in_nested_folders() {
    let dir = tempfile::tempdir().unwrap();
    let simplified = page("衡东县累计排查返乡人员4321人。");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&simplified);
    write(dir.path(), "gbk/page.txt", &gbk);
    let traditional = "本報訊 2022年3月20日,南昌市累計發放口罩8765只。\n";
    let (big5, _, bad) = encoding_rs::BIG5.encode(traditional);
    assert!(!bad);
    write(dir.path(), "big5/page.txt", &big5);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in page("衡东县组织疫情防控志愿者2345名。").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    write(dir.path(), "u16.txt", &utf16);
    let html = "<html><head><title>衡东县防疫</title><script>var n='排查9999人';</script></head><body><div class=\"nav\">首页</div><p>本报讯 2022年3月20日,衡东县核酸检测6543人次。</p></body></html>";
    write(dir.path(), "web/a.html", html.as_bytes());
    let out = load::load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let values: Vec<f64> = out.records.iter().map(|r| r.value).collect();
    for v in [4321.0, 8765.0, 2345.0, 6543.0] {
        assert!(values.contains(&v), "{v} missing from {values:?}");
    }
    assert!(!values.contains(&9999.0), "script text was read");
    assert_eq!(&*find(&out.records, 6543.0).source, "web/a.html");
}

#[test]
fn traditional_characters_are_read_and_quoted_as_written() {
    let text = "衡東縣:\n\n防控不放鬆\n\n本報訊 2022年3月20日,衡東縣累計排查返鄉人員3456人。該縣石灣鎮設立檢查站5個。\n";
    let recs = extract(text);
    let r = find(&recs, 3456.0);
    assert_eq!(
        (&*r.locality, r.measure),
        ("衡东县", Measure::Screening),
        "names as in the gazetteer"
    );
    assert_eq!(
        r.evidence.as_deref(),
        Some("衡東縣累計排查返鄉人員3456人"),
        "the words as the page has them"
    );
    let [a, b] = r.span.unwrap();
    assert_eq!(
        text.chars().skip(a).take(b - a).collect::<String>(),
        "衡東縣累計排查返鄉人員3456人"
    );
    let r = find(&recs, 5.0);
    assert_eq!((&*r.locality, r.measure), ("石湾镇", Measure::Checkpoint));
}

#[test]
fn bad_files_are_named_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "good.txt",
        page("衡东县排查返乡人员1500人。").as_bytes(),
    );
    write(dir.path(), "empty.txt", b"");
    write(
        dir.path(),
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    write(
        dir.path(),
        "coded.jsonl",
        b"{\"locality\":\"x\"}\nnot json\n",
    );
    let before: Vec<_> = walk(dir.path());
    let out = load::load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    assert_eq!(out.records.len(), 1);
    let named: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        named
            .iter()
            .any(|p| p.starts_with("empty.txt:") && p.contains("empty")),
        "{named:?}"
    );
    assert!(
        named
            .iter()
            .any(|p| p.starts_with("photo.txt:") && p.contains("binary")),
        "{named:?}"
    );
    assert!(
        named.iter().any(|p| p.starts_with("coded.jsonl:1:")),
        "{named:?}"
    );
    assert!(
        named.iter().any(|p| p.starts_with("coded.jsonl:2:")),
        "{named:?}"
    );
    // Loading never writes into the folder.
    assert_eq!(walk(dir.path()), before);
}

fn walk(dir: &std::path::Path) -> Vec<(std::path::PathBuf, u64)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let m = e.metadata().unwrap();
        if m.is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push((e.path(), m.len()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_dates_file_gives_the_page_date() {
    let dir = tempfile::tempdir().unwrap();
    let text = "衡东县:\n\n严格管控\n\n本报讯 衡东县排查返乡人员1500人。\n";
    write(dir.path(), "p.txt", text.as_bytes());
    write(
        dir.path(),
        load::DATES_FILE,
        b"file,date\np.txt,2020-02-14\nmissing.txt,not-a-date\n",
    );
    let out = load::load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    let r = find(&out.records, 1500.0);
    assert_eq!(r.date.to_string(), "2020-02-14");
    assert_eq!(r.date_basis, Some(DateBasis::Article));
    assert!(
        out.problems
            .iter()
            .any(|p| p.file == load::DATES_FILE && p.line == Some(3)),
        "{:?}",
        out.problems
    );
}

// Dates (issue 6): where a page's year comes from, and which day dates a figure.

fn extract_as(source: &str, text: &str) -> Vec<Record> {
    extractor::extract_text(source, text, &Hints::default())
}

fn date_of(r: &Record) -> (String, Option<DateBasis>, Option<&str>) {
    (r.date.to_string(), r.date_basis, r.date_clue.as_deref())
}

#[test]
fn a_saved_web_page_is_dated_by_its_markup() {
    let html = r#"<!DOCTYPE html>
<!-- saved from url=(0068)http://www.example-xian.gov.cn/zwdt/202203/t20220314_1234567.html -->
<html><head><meta charset="utf-8"><title>衡东县全力做好疫情防控</title>
<meta name="PubDate" content="2022-03-13 18:20"></head>
<body><h1>衡东县全力做好疫情防控</h1>
<p>3月以来,衡东县严防奥密克戎输入,对全县返乡人员开展排查,已排查返乡人员2300人。</p>
<p>相关链接 <a href="/zwdt/202312/t20231201_1.html">2023-12-01</a></p></body></html>"#;
    let out = extractor::extract_file("web/page.html", html.as_bytes(), &Hints::default());
    let r = find(&out.records, 2300.0);
    // The named publication date wins over the address's day.
    assert_eq!(
        date_of(r),
        ("2022-03-13".into(), Some(DateBasis::Article), Some("meta"))
    );
}

#[test]
fn a_page_address_in_the_text_dates_it() {
    let text = "衡东县开展全员核酸检测\n\n本文链接:http://www.example.cn/n1/2022/0405/c1234-3456789.html\n\n衡东县组织医务人员上门采样,当天完成核酸检测12万人次。\n";
    let r = find(&extract_as("a.txt", text), 120000.0).clone();
    assert_eq!(
        date_of(&r),
        ("2022-04-05".into(), Some(DateBasis::Article), Some("url"))
    );
}

#[test]
fn a_date_in_the_file_name_or_folder_dates_the_page() {
    let text =
        "衡东县:\n\n扎实做好排查\n\n本报讯 衡东县各乡镇组织干部入户走访,排查返乡人员1800人。\n";
    let r = find(&extract_as("2020年2月14日/衡东县.txt", text), 1800.0).clone();
    assert_eq!(
        date_of(&r),
        (
            "2020-02-14".into(),
            Some(DateBasis::Article),
            Some("folder")
        )
    );
    let r = find(&extract_as("衡东/20210806-排查.txt", text), 1800.0).clone();
    assert_eq!(date_of(&r).2, Some("file name"));
    assert_eq!(r.date.to_string(), "2021-08-06");
    // A year folder gives the year; the text gives month and day, never a
    // year-only date.
    let text2 = "衡东县:\n\n扎实做好排查\n\n本报讯 2月12日,衡东县各乡镇组织干部入户走访,排查返乡人员1800人。\n";
    let r = find(&extract_as("2021/衡东县.txt", text2), 1800.0).clone();
    assert_eq!(r.date.to_string(), "2021-02-12");
    assert_eq!(r.date_clue.as_deref(), Some("folder"));
}

#[test]
fn an_epaper_page_takes_its_header_date() {
    let text = "某某日报 2020年2月25日 星期二\n\n第3版 县域\n\n衡东县:\n\n口罩发放到户\n\n本报讯(通讯员 甲乙)衡东县各社区向居民发放口罩2.5万只。2月23日,全县排查返乡人员3600人。\n";
    let recs = extract_as("epaper.txt", text);
    assert_eq!(
        date_of(find(&recs, 25000.0)),
        (
            "2020-02-25".into(),
            Some(DateBasis::Article),
            Some("dateline")
        )
    );
    let r = find(&recs, 3600.0);
    assert_eq!(
        (r.date.to_string(), r.date_basis),
        ("2020-02-23".into(), Some(DateBasis::Stated))
    );
}

#[test]
fn a_weekday_or_an_era_decides_a_missing_year() {
    // No year anywhere; 3月12日 was a Saturday in 2022 only.
    let text = "衡东县:\n\n核酸检测有序开展\n\n本报讯 3月12日（星期六）,衡东县在各乡镇设置采样点,完成核酸检测8.6万人次。\n";
    let r = find(&extract_as("a.txt", text), 86000.0).clone();
    assert_eq!(
        date_of(&r),
        (
            "2022-03-12".into(),
            Some(DateBasis::Inferred),
            Some("weekday 星期六")
        )
    );
    // A spring page about an Omicron wave is 2022, whatever masks it mentions.
    let text = "衡东县:\n\n严防奥密克戎\n\n本报讯 3月20日,衡东县向群众发放口罩1.2万只,劝返武汉来车,排查返乡人员900人。防范奥密克戎变异株。\n";
    let r = find(&extract_as("a.txt", text), 900.0).clone();
    assert_eq!(
        date_of(&r),
        (
            "2022-03-20".into(),
            Some(DateBasis::Inferred),
            Some("era 奥密克戎")
        )
    );
}

#[test]
fn a_deadline_dates_no_figure() {
    // A notice: what is due on 2月23日 is no report of that day.
    let text = "衡东县关于做好返乡人员排查工作的通知\n\n各乡镇:\n\n一、全面排查。截至2月18日,全县已排查返乡人员4200人。各乡镇要在2月23日前将排查情况上报县指挥部。\n\n二、物资保障。到2月23日由各乡镇统一上报,县里已发放口罩6000只。\n";
    let recs = extract_as("2020-02-19 通知.txt", text);
    assert_eq!(find(&recs, 4200.0).date.to_string(), "2020-02-18");
    let r = find(&recs, 6000.0);
    assert_eq!(
        (r.date.to_string(), r.date_clue.as_deref()),
        ("2020-02-19".into(), Some("file name"))
    );
}

#[test]
fn a_cutoff_holds_for_its_paragraph_when_the_page_date_is_known() {
    let text = "衡东县:\n\n防控有力有序\n\n本报讯 衡东县持续加强疫情防控。截止1月29日,全县累计排查武汉返乡人员560人,其中居家隔离观察42人。\n\n县里组织党员干部下沉一线,共设置检查卡点35个。\n";
    let recs = extract_as("2020-02-03.txt", text);
    assert_eq!(find(&recs, 560.0).date.to_string(), "2020-01-29");
    assert_eq!(find(&recs, 42.0).date.to_string(), "2020-01-29");
    assert_eq!(find(&recs, 35.0).date.to_string(), "2020-02-03");
}

#[test]
fn an_opened_folder_dates_pages_by_their_paths_and_the_dates_file_first() {
    let dir = tempfile::tempdir().unwrap();
    let text = "衡东县:\n\n入户排查\n\n本报讯 衡东县组织干部入户走访,排查返乡人员2700人。\n";
    write(dir.path(), "2021年/a.txt", text.as_bytes());
    write(dir.path(), "2022-05-03/b.txt", text.as_bytes());
    write(
        dir.path(),
        load::DATES_FILE,
        b"file,date\n2022-05-03/b.txt,2022-05-04\n",
    );
    let out = load::load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    let of = |file: &str| {
        let r = out
            .records
            .iter()
            .find(|r| *r.source == *file && r.value == 2700.0)
            .unwrap_or_else(|| panic!("no record of {file} in {:#?}", out.records));
        (r.date.to_string(), r.date_clue.clone().unwrap_or_default())
    };
    assert_eq!(of("2021年/a.txt"), ("2021".into(), "folder".into()));
    assert_eq!(
        of("2022-05-03/b.txt"),
        ("2022-05-04".into(), "dates file".into())
    );
}

// ---- Places: short, informal and renamed names; words that are no place;
// how far a place carries; where a page without a place is from.

/// A web story that names its place only in its body.
fn story(headline: &str, body: &str) -> String {
    format!("{headline}\n\n发布时间:2022-04-02 10:15\n\n{body}\n")
}

fn place_of(recs: &[Record], value: f64) -> (String, Option<String>) {
    let r = find(recs, value);
    (r.locality.to_string(), r.code.clone())
}

#[test]
fn autonomous_counties_by_their_short_names() {
    let recs = extract(&story(
        "江华县扎实开展核酸检测",
        "4月1日,江华县组织医务人员走进各乡镇,共采集核酸样本23400份。",
    ));
    assert_eq!(
        place_of(&recs, 23400.0),
        ("江华瑶族自治县".into(), Some("431129".into()))
    );
    let recs = extract(&story(
        "通道自治县织密疫情防控网",
        "通道自治县在高速出口设置查验点,累计查验车辆1860台次。",
    ));
    assert_eq!(&*find(&recs, 1860.0).locality, "通道侗族自治县");
}

#[test]
fn a_citys_high_tech_zone_by_its_informal_name() {
    let recs = extract(&story(
        "衡阳市高新区连夜开展全员核酸检测",
        "衡阳市高新区组织2000余名医护人员和志愿者,完成核酸采样8.6万人。",
    ));
    assert_eq!(&*find(&recs, 86000.0).locality, "湖南衡阳高新技术产业园区");
}

#[test]
fn a_renamed_county_is_one_place_in_both_years() {
    let old = extract(&story(
        "孟津县:党员干部下沉一线",
        "孟津县抽调机关干部320人下沉村组,协助开展排查。",
    ));
    let new = extract(&story(
        "孟津区:全力做好疫苗接种",
        "孟津区设置临时接种点15个,当日接种疫苗6200剂次。",
    ));
    assert_eq!(find(&old, 320.0).code, Some("410308".into()));
    assert_eq!(find(&old, 320.0).code, find(&new, 6200.0).code);
    assert_eq!(find(&old, 320.0).locality, find(&new, 6200.0).locality);
}

#[test]
fn a_one_character_county_inside_a_phrase_is_no_place() {
    // 含山县 and 和县 are neighbours in one city: only the reading tells them apart.
    let recs = extract(&story(
        "含山县严防疫情输入",
        "含山县在各高速卡点和县医院发热门诊安排值守人员146名。",
    ));
    assert_eq!(&*find(&recs, 146.0).locality, "含山县");
    // Said outright, the same county is a place.
    let recs = extract(&story(
        "安徽省和县开展大排查",
        "安徽省和县组织网格员排查外地来和人员830人。",
    ));
    assert_eq!(&*find(&recs, 830.0).locality, "和县");
}

#[test]
fn urban_area_and_new_district_alone_are_no_place() {
    let recs = extract(&story(
        "衡东县开展环境消杀",
        "衡东县对城区各小区开展消杀,消杀面积12万平方米;新区各单位排查在岗职工560人。",
    ));
    assert_eq!(&*find(&recs, 560.0).locality, "衡东县");
    // Under its city, 城区 is a district of that city.
    let recs = extract(&story(
        "晋城市城区开展核酸检测",
        "晋城市城区组织采样人员对重点人群开展检测,共检测3500人。",
    ));
    assert_eq!(find(&recs, 3500.0).code, Some("140502".into()));
}

#[test]
fn a_town_does_not_carry_to_the_next_sentence_unless_referred_back() {
    let recs = extract(&story(
        "衡东县持续开展排查",
        "衡东县草市镇组织志愿者入户排查返乡人员300人。全县累计排查返乡人员5100人。同日,共有1800名党员参与值守。",
    ));
    assert_eq!(&*find(&recs, 300.0).locality, "草市镇");
    assert_eq!(&*find(&recs, 5100.0).locality, "衡东县");
    assert_eq!(&*find(&recs, 1800.0).locality, "衡东县");
    let recs = extract(&story(
        "衡东县持续开展排查",
        "衡东县草市镇组织志愿者入户排查返乡人员300人。该镇还在路口设置卡点6个。",
    ));
    assert_eq!(&*find(&recs, 6.0).locality, "草市镇");
}

/// A county's own page that says only 我县 and 全县.
const NO_PLACE: &str = "我县召开防疫工作调度会\n\n发布时间:2022-03-20 09:30\n\n会议通报,我县已排查返乡人员1500人,全县设置卡点24个。\n";

#[test]
fn a_page_without_a_place_takes_its_folder_or_file_name() {
    let recs = extractor::extract_text("衡东县/0320.txt", NO_PLACE, &Hints::default());
    assert_eq!(&*find(&recs, 1500.0).locality, "衡东县");
    assert_eq!(find(&recs, 24.0).code, Some("430424".into()));
    let recs = extractor::extract_text("pages/hengdong-0320.txt", NO_PLACE, &Hints::default());
    assert_eq!(&*find(&recs, 1500.0).locality, "衡东县");
    // Without any of them, no place: no record rather than a guess.
    let recs = extractor::extract_text("p/0320.txt", NO_PLACE, &Hints::default());
    assert!(recs.is_empty(), "{recs:#?}");
}

#[test]
fn a_saved_web_page_takes_its_address() {
    let html = format!(
        "<!DOCTYPE html>\n<!-- saved from url=(0052)http://www.hengdong.gov.cn/art/2022/3/20/123.html -->\n<html><head><title>t</title></head><body><p>{}</p><a href=\"http://www.leiyang.gov.cn/\">link</a></body></html>",
        NO_PLACE.replace('\n', "</p><p>")
    );
    let out = extractor::extract_file("a/0320.html", html.as_bytes(), &Hints::default());
    assert_eq!(&*find(&out.records, 1500.0).locality, "衡东县");
}

#[test]
fn the_dates_file_gives_a_place_too() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/0320.txt", NO_PLACE.as_bytes());
    write(dir.path(), "b/0320.txt", NO_PLACE.as_bytes());
    write(dir.path(), "c/0320.txt", NO_PLACE.as_bytes());
    write(
        dir.path(),
        load::DATES_FILE,
        "file,date,place\na/0320.txt,2022-03-21,湖南省衡阳市衡东县\nb/0320.txt,,430481\nc/0320.txt,2022-03-22\n".as_bytes(),
    );
    let out = load::load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    // The three pages are one text: named as copies, nothing else.
    assert!(
        out.problems
            .iter()
            .all(|p| p.file == "a/0320.txt" && p.message.contains("2 copies with the same text")),
        "{:?}",
        out.problems
    );
    let of = |file: &str| {
        out.records
            .iter()
            .find(|r| *r.source == *file && r.value == 1500.0)
            .map(|r| (r.locality.to_string(), r.date.to_string()))
    };
    assert_eq!(
        of("a/0320.txt"),
        Some(("衡东县".into(), "2022-03-21".into()))
    );
    assert_eq!(of("b/0320.txt").unwrap().0, "耒阳市");
    assert_eq!(of("c/0320.txt"), None);
}

#[test]
fn a_page_naming_only_towns_takes_their_county() {
    let recs = extract(&story(
        "各乡镇全面开展排查",
        "我县草市镇排查返乡人员410人,吴集镇排查返乡人员260人,杨林镇排查返乡人员330人。会议要求全县设置卡点30个。",
    ));
    assert_eq!(&*find(&recs, 30.0).locality, "衡东县");
    // A folder named after the city does not hide the county its towns lie in.
    let text = story(
        "各乡镇全面开展排查",
        "我县草市镇排查返乡人员410人,吴集镇排查返乡人员260人。",
    );
    let recs = extractor::extract_text("衡阳市/0402.txt", &text, &Hints::default());
    assert_eq!(&*find(&recs, 260.0).locality, "吴集镇");
    assert_eq!(find(&recs, 260.0).code, Some("430424104".into()));
}

#[test]
fn gai_points_back_to_the_last_place_named_quan_to_the_articles() {
    let recs = extract(&story(
        "衡东县与周边县联防联控",
        "衡东县排查返乡人员2000人。相邻的衡南县排查返乡人员1000人,该县还设置卡点5个。全县共有党员志愿者800人参与。",
    ));
    assert_eq!(&*find(&recs, 5.0).locality, "衡南县");
    assert_eq!(&*find(&recs, 800.0).locality, "衡东县");
}

#[test]
fn a_bare_zone_word_is_the_zone_of_the_citys_story_only() {
    let recs = extract(&story(
        "衡阳市全面开展核酸筛查",
        "衡阳市各县市区累计采样120万人。其中高新区完成采样8.6万人。",
    ));
    assert_eq!(&*find(&recs, 86000.0).locality, "湖南衡阳高新技术产业园区");
    assert_eq!(&*find(&recs, 1200000.0).locality, "衡阳市");
    // In a county's story, a bare 高新区 is the county's own park.
    let recs = extract(&story(
        "衡东县全面开展核酸筛查",
        "衡东县累计采样32万人,高新区完成采样1.2万人。县高新区设置采样点12个。",
    ));
    assert_eq!(&*find(&recs, 12000.0).locality, "衡东县");
    // After a bare 市, the city's zone even there.
    let recs = extract(&story(
        "衡东县全面开展核酸筛查",
        "衡东县累计采样32万人。市高新区派出采样人员40名支援。",
    ));
    assert_eq!(&*find(&recs, 40.0).locality, "湖南衡阳高新技术产业园区");
}

#[test]
fn an_expiry_or_a_notice_to_come_dates_nothing() {
    // The page's only full day is its report; the days after 到期 and
    // 为准 lie ahead of it.
    let text = "衡南县:\n\n返乡人员管控情况\n\n衡南县2月12日共排查武汉返乡人员430人,复工复产有序推进。居家观察人员均在2月24日到期,解除时间以2月26日县疾控中心的通知为准。\n";
    let r = find(&extract(text), 430.0).clone();
    assert_eq!(r.date.to_string(), "2020-02-12");
    let text = "衡南县:\n\n返乡人员管控情况\n\n全县共排查武汉返乡人员430人,复工复产有序推进。另有2人2月9日协查,2月24日到期,解除时间以2月26日县疾控中心的通知为准。\n";
    let r = find(&extract(text), 430.0).clone();
    assert_eq!(r.date.to_string(), "2020-02-09");
}

#[test]
fn a_range_of_days_is_dated_at_its_last_day() {
    let recs = extract(&page(
        "3月14日至17日,衡东县各乡镇累计排查返乡人员1260人。从3月18日起至3月31日,全县开展第二轮排查。",
    ));
    let r = find(&recs, 1260.0);
    assert_eq!(r.date.to_string(), "2022-03-17");
    assert_eq!(r.date_basis, Some(DateBasis::Stated));
}

#[test]
fn a_web_address_months_after_the_report_is_a_repost() {
    // A portal moved an early-2020 bulletin under a later address: the
    // body's day and the text's era date it, not the address.
    let text = "鹤壁市新型冠状病毒感染的肺炎疫情通报\n\n3月2日0时至24时,全市无新增确诊病例,累计追踪到密切接触者612人。\n\n本文链接:https://www.example.gov.cn/news/2021-09-14/8812.html\n";
    let r = find(&extract(text), 612.0).clone();
    assert_eq!(r.date.to_string(), "2020-03-02");
    // An address a few days after the report still dates the page.
    let text = "鹤壁市疫情防控通报\n\n3月2日,全市累计追踪到密切接触者612人。\n\n本文链接:https://www.example.gov.cn/news/2021-03-04/8812.html\n";
    let r = find(&extract(text), 612.0).clone();
    assert_eq!(r.date.to_string(), "2021-03-02");
}

#[test]
fn a_month_and_day_opening_the_file_name_date_the_page() {
    let text = "衡南县疫情防控工作汇报\n\n一、摸排情况\n\n1. 全县共排查武汉返乡人员86人,均已落实居家观察。另有3人于1月30日协查,2月13日到期。\n";
    let recs = extractor::extract_text("0306-huibao.txt", text, &Hints::default());
    let r = find(&recs, 86.0);
    assert_eq!(r.date.to_string(), "2020-03-06");
    // Four digits that are no month and day are no date.
    let recs = extractor::extract_text("4721-huibao.txt", text, &Hints::default());
    assert_ne!(find(&recs, 86.0).date.to_string(), "2020-03-06");
}

#[test]
fn a_place_in_a_bracketed_aside_is_the_asides_only() {
    let text = "衡阳市:\n\n疫情通报\n\n本报讯 2020年2月21日,衡阳市累计追踪到密切接触者1630人（含衡东县212人）,已解除医学观察1480人（含衡东县190人）,尚有150人正在接受医学观察。\n";
    let recs = extract(text);
    assert_eq!(&*find(&recs, 1630.0).locality, "衡阳市");
    assert_eq!(&*find(&recs, 212.0).locality, "衡东县");
    assert_eq!(&*find(&recs, 1480.0).locality, "衡阳市");
    assert_eq!(&*find(&recs, 190.0).locality, "衡东县");
    assert_eq!(&*find(&recs, 150.0).locality, "衡阳市");
}

#[test]
fn not_one_case_is_zero() {
    let recs = extract(&page(
        "截至3月19日,衡东县没有发现1例本地感染病例,累计排查返乡人员860人。",
    ));
    assert!(recs.iter().all(|r| r.value != 1.0), "{recs:#?}");
    let r = recs
        .iter()
        .find(|r| r.unit == "例")
        .expect("the zero is a record");
    assert_eq!(r.value, 0.0);
    assert_eq!(find(&recs, 860.0).value, 860.0);
}

#[test]
fn checklist_questions_and_allowances_per_head_are_no_records() {
    let recs = extract(&page(
        "检查组逐户询问是否完成3次核酸检测。社区向居民发放口罩1.2万只,每户可领取5个口罩和2瓶消毒液。",
    ));
    assert!(recs.iter().all(|r| r.value != 3.0), "{recs:#?}");
    assert!(recs.iter().all(|r| r.value != 2.0), "{recs:#?}");
    assert_eq!(find(&recs, 12000.0).measure, Measure::Supplies);
}

#[test]
fn administrative_villages_counted_are_background() {
    let recs = extract(&page("衡东县18个行政村设置执勤卡点26个。"));
    assert!(recs.iter().all(|r| r.value != 18.0), "{recs:#?}");
    assert_eq!(find(&recs, 26.0).measure, Measure::Checkpoint);
}

#[test]
fn places_gone_to_or_bordering_are_not_the_actor() {
    let text = "衡阳市:\n\n严防输入\n\n本报讯 2022年4月9日,衡阳市在衡东县、衡山县与株洲县交界处新增检疫点7处。衡阳市排查发往攸县的客运班线12条,到过攸县的司机35人全部居家监测。\n";
    let recs = extract(text);
    for v in [7.0, 35.0] {
        assert_eq!(&*find(&recs, v).locality, "衡阳市", "{v}");
    }
}

/// One list of "now" words serves both places that ask: a sentence with
/// 如今 (like 目前) speaks of the report's day, not of a day an earlier
/// sentence of its paragraph carried.
#[test]
fn a_now_word_returns_to_the_report_day() {
    let recs = extract(&page(
        "3月15日,衡东县排查返乡人员1200人。如今全县累计接种新冠疫苗3.5万剂次。",
    ));
    assert_eq!(find(&recs, 1200.0).date.to_string(), "2022-03-15");
    assert_eq!(find(&recs, 35000.0).date.to_string(), "2022-03-20");
}

/// Asked to, each record says which rules decided its place, date,
/// measure and series, and the words they read; unasked, it carries nothing.
#[test]
fn explanations_name_the_deciding_rules() {
    use countylens::extract::explain::Explanation;
    let text = page("3月18日,衡东县杨桥镇排查返乡人员1260人。全县累计接种新冠疫苗4.1万剂次。");
    let hints = Hints {
        explain: true,
        ..Default::default()
    };
    let recs = extractor::extract_text("test.txt", &text, &hints);
    let e = Explanation::of(find(&recs, 1260.0)).expect("explained");
    assert_eq!(e.place.rules, ["named before the figure"]);
    assert_eq!(e.place.cue.as_deref(), Some("杨桥镇"));
    assert_eq!(e.date.rules[0], "day in its sentence");
    assert_eq!(e.date.cue.as_deref(), Some("3月18日"));
    assert_eq!(e.measure.rules, ["verb before"]);
    assert_eq!(e.measure.cue.as_deref(), Some("排查"));
    let e = Explanation::of(find(&recs, 41000.0)).expect("explained");
    assert_eq!(e.measure.rules, ["unit"]);
    assert_eq!(e.date.rules[0], "day an earlier sentence stated");
    assert!(e.place.rules[0].starts_with("reference"), "{:?}", e.place);
    assert!(!e.series.rules.is_empty());
    let plain = extract(&text);
    assert!(plain.iter().all(|r| Explanation::of(r).is_none()));
}

fn series_of(r: &Record) -> &str {
    r.series.as_deref().unwrap_or("")
}

/// Villages and towns counted are background (`全县18个乡镇`) unless they
/// are what was locked down or inspected: then they are the work's own
/// count, also after a ；, where the place of the sentence before holds.
#[test]
fn villages_locked_down_or_inspected_are_counted() {
    let recs = extract(&page(
        "据县指挥部通报，衡东县新塘镇对病例集中的4个村和出现病例的9个村实行集中隔离；\
         相邻的6个尚未发现病例的村实行封闭管理、居家防控。",
    ));
    for v in [4.0, 9.0, 6.0] {
        let r = find(&recs, v);
        assert_eq!(r.measure, Measure::Quarantine, "{r:?}");
        assert_eq!(series_of(r), "quarantine.areas", "{r:?}");
        assert_eq!(&*r.locality, "新塘镇", "{r:?}");
    }
    let recs = extract(&page(
        "疫情发生后，县纪委监委对18个乡镇、203个村（社区）开展监督检查，实地查看隔离点7个。",
    ));
    assert_eq!(find(&recs, 18.0).measure, Measure::Inspection);
    assert_eq!(find(&recs, 203.0).measure, Measure::Inspection);
    assert_eq!(series_of(find(&recs, 203.0)), "inspection.units");
    // A 对 leads to a lockdown two clauses on.
    let recs = extract(&page(
        "自3月18日起，衡东县对新塘镇、大浦镇2个乡镇，吴集镇、甘溪镇、杨桥镇3个乡镇实行全域管控。",
    ));
    assert_eq!(find(&recs, 2.0).measure, Measure::Quarantine);
    assert_eq!(find(&recs, 3.0).measure, Measure::Quarantine);
    // Background stays background, in an epidemic sentence too.
    let recs = extract(&page(
        "衡东县辖18个乡镇、203个村（社区），全县疫情防控工作有序开展，各乡镇全面开展排查。",
    ));
    assert!(recs.is_empty(), "{recs:#?}");
}

/// Counties a figure is spread over and the member units of a command
/// are the make-up of things, not work done.
#[test]
fn counties_spread_over_and_member_units_are_background() {
    let recs = extract(&page(
        "全市累计报告确诊病例30例，分布在甲、乙等7个县（市、区）。\
         县疫情防控指挥部26个成员单位的负责人参加会议。",
    ));
    assert!(
        recs.iter().all(|r| r.value != 7.0 && r.value != 26.0),
        "{recs:#?}"
    );
    assert_eq!(find(&recs, 30.0).measure, Measure::Cases);
}

/// Parks and scenic areas closing their gates are venues closed, even in a
/// paragraph that also stops trains (a word of train timetables).
#[test]
fn venues_closed_in_a_paragraph_that_stops_trains() {
    let recs = extract(&page(
        "衡东县发生新冠肺炎疫情后，全县进入应急状态。\n\n\
         为减少人员流动，衡东县对城区实施严格管控：12家A级景区和3家公园暂时闭园，\
         网吧、歌厅一律暂停营业。临时停开途经衡东站的6趟列车。",
    ));
    for v in [12.0, 3.0] {
        let r = find(&recs, v);
        assert_eq!(r.measure, Measure::Gatherings, "{r:?}");
        assert_eq!(series_of(r), "gatherings.venues", "{r:?}");
    }
}

/// People who signed up after a call for help volunteered.
#[test]
fn signing_up_is_volunteering() {
    let recs = extract(&page(
        "衡东县发出新冠肺炎疫情防控志愿者招募令。发布不到两小时，报名的退役军人、教师和个体户就有80余人。\
         截至目前，报名参加志愿服务的已有260余人。",
    ));
    for v in [80.0, 260.0] {
        let r = find(&recs, v);
        assert_eq!(r.measure, Measure::Personnel, "{r:?}");
    }
    assert_eq!(series_of(find(&recs, 260.0)), "personnel.volunteers");
}

/// A figure whose clause names no work takes the verb of the next clause,
/// not a case report that opens the sentence; a verb before a list closed
/// by 等 governs the figure after it, not a cue inside an item (接种点).
#[test]
fn a_case_report_opening_the_sentence_does_not_name_the_work() {
    let recs = extract(&page(
        "4月全市报告本土确诊病例后，县纪委监委依托9个派驻纪检监察组，采取明察暗访等方式开展了2轮监督检查。\
         截至目前，已检查学校、农贸市场、疫苗接种点和宾馆等各类场所260余处，发现问题31个。",
    ));
    let r = find(&recs, 9.0);
    assert_eq!(r.measure, Measure::Inspection, "{r:?}");
    assert_eq!(series_of(r), "inspection.teams");
    assert_eq!(find(&recs, 2.0).measure, Measure::Inspection);
    let r = find(&recs, 260.0);
    assert_eq!(r.measure, Measure::Inspection, "{r:?}");
    assert_eq!(series_of(r), "inspection.units");
}

/// Road entries staffed are posts; people who had been to a risk place
/// are people of concern.
#[test]
fn posts_sampling_staff_and_people_who_had_been_there() {
    let recs = extract(&page(
        "当晚，首批15名志愿者到衡东东收费站等4个高速路口上岗，协助登记返乡人员。\
         排查3月以来到过疫情发生地的货车司机60余人，全部落实居家健康监测。",
    ));
    let r = find(&recs, 4.0);
    assert_eq!(
        (r.measure, series_of(r)),
        (Measure::Checkpoint, "checkpoint.posts")
    );
    assert_eq!(series_of(find(&recs, 60.0)), "screening.key_people");
}

/// The people a task should reach (`应采样…人`) are a target, not work
/// done; 应检尽检 is a slogan of the work done. A figure right after a
/// colon that follows words opens a list.
#[test]
fn targets_are_no_records_and_a_colon_opens_a_list() {
    let recs = extract(&page(
        "截至3月19日18时，全县应采样12.6万人，已采样12.5万人，均为阴性。\
         对应检尽检人员3200人全部完成核酸检测。\
         衡东县对城区实施严格管控：15家公园暂时闭园。",
    ));
    assert!(recs.iter().all(|r| r.value != 126000.0), "{recs:#?}");
    assert_eq!(find(&recs, 125000.0).measure, Measure::Testing);
    assert_eq!(find(&recs, 3200.0).measure, Measure::Testing);
    assert_eq!(find(&recs, 15.0).measure, Measure::Gatherings);
}

/// A ； joins parts of one sentence: parts after it are still parts of the
/// whole before it, of its kind.
#[test]
fn parts_after_a_semicolon_keep_their_whole() {
    let recs = extract(&page(
        "衡东县通过大数据比对重点人员150人，其中已排查60人，信息有误20人；\
         在疫情发生地停留15人，途经疫情发生地11人。",
    ));
    assert_eq!(series_of(find(&recs, 150.0)), "screening.key_people");
    for v in [60.0, 15.0, 11.0] {
        let r = find(&recs, v);
        assert_eq!(series_of(r), "screening.key_people", "{r:?}");
        assert!(r.part_of, "{r:?}");
    }
}
