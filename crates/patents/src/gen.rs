//! The synthetic corpus (合成语料) for benchmarks and the demo: `zhibao patents gen --count N --seed S --out FILE`.
//!
//! No real Chinese full-text corpus can be shipped, so documents are generated — deterministically from the seed —
//! with the statistics that matter to search and analytics:
//! - **Chinese text with real word frequencies**: the general vocabulary is every two-character word of jieba's
//!   dictionary over 400 common characters (several thousand words), each drawn with its jieba dictionary count as
//!   weight, so term frequencies follow jieba's Zipf curve; topic words of the document's IPC subclass are mixed in
//!   (about a third of the words) so that queries on a technology find its documents.
//! - **English abstracts and titles** from topic and general technical vocabularies with Zipf weights.
//! - **A realistic IPC distribution**: sections weighted like Chinese invention filings (G and H largest, D
//!   smallest), 50 common subclasses with their usual groups.
//! - **Applicants with Tianjin addresses** (16 districts; universities, institutes and companies with a Zipf
//!   distribution of filings; about a tenth from other provinces), inventors with common surnames.
//! - **Dates 2000–2026**, filings growing over the years; invention / utility model / design kinds with matching
//!   numbers (CN application numbers with a valid check digit), legal statuses, pledges, awards and overseas
//!   families in small proportions.

use std::io::Write;

use chrono::{Duration, NaiveDate};
use jieba_rs::Jieba;
use rand::distributions::{Distribution, WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zhibao_domain::patent::{
    cn_check_digit, Address, ApplicationNumber, Award, AwardKind, ClassSymbol, LegalStatus, Party, Patent, PatentType,
    Pledge, Priority, PublicationNumber,
};

/// Common characters of technical Chinese; all their pairs that are jieba words form the general vocabulary.
const CHARS: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

struct Topic {
    subclass: &'static str,
    groups: &'static [&'static str],
    zh: &'static [&'static str],
    en: &'static [&'static str],
}

macro_rules! topic {
    ($s:expr, [$($g:expr),*], [$($z:expr),*], [$($e:expr),*]) => {
        Topic { subclass: $s, groups: &[$($g),*], zh: &[$($z),*], en: &[$($e),*] }
    };
}

/// Sections with their share of filings (percent) and their subclasses.
fn topics() -> Vec<(char, u32, Vec<Topic>)> {
    vec![
        (
            'A',
            12,
            vec![
                topic!(
                    "A61K",
                    ["31/00", "36/00", "9/00", "8/97"],
                    ["药物", "组合物", "中药", "制剂", "提取物", "活性成分", "口服"],
                    ["pharmaceutical", "composition", "extract", "formulation", "compound", "oral"]
                ),
                topic!(
                    "A61B",
                    ["5/00", "17/00", "8/00"],
                    ["医疗", "检测", "传感器", "影像", "监测", "手术"],
                    ["medical", "sensor", "imaging", "monitoring", "surgical", "probe"]
                ),
                topic!(
                    "A61P",
                    ["35/00", "29/00", "3/10"],
                    ["肿瘤", "抗炎", "治疗", "细胞"],
                    ["tumor", "inflammation", "therapy", "cell"]
                ),
                topic!(
                    "A01G",
                    ["9/00", "31/00", "25/00"],
                    ["种植", "温室", "灌溉", "作物"],
                    ["planting", "greenhouse", "irrigation", "crop"]
                ),
                topic!(
                    "A23L",
                    ["33/00", "2/38", "7/10"],
                    ["食品", "饮料", "营养", "发酵"],
                    ["food", "beverage", "nutrition", "fermentation"]
                ),
                topic!("A47L", ["11/24", "15/42"], ["清洁", "机器人", "吸尘"], ["cleaning", "robot", "vacuum"]),
            ],
        ),
        (
            'B',
            15,
            vec![
                topic!(
                    "B01D",
                    ["53/00", "46/00", "29/00"],
                    ["过滤", "分离", "废气", "吸附", "净化"],
                    ["filter", "separation", "exhaust", "adsorption", "purification"]
                ),
                topic!(
                    "B01J",
                    ["23/00", "20/28", "35/00"],
                    ["催化剂", "反应器", "载体", "催化"],
                    ["catalyst", "reactor", "support", "catalytic"]
                ),
                topic!(
                    "B23K",
                    ["37/00", "26/00", "9/00"],
                    ["焊接", "激光", "焊缝", "夹具"],
                    ["welding", "laser", "seam", "fixture"]
                ),
                topic!(
                    "B65G",
                    ["47/00", "15/00", "1/04"],
                    ["输送", "仓储", "物流", "传送带"],
                    ["conveyor", "storage", "logistics", "belt"]
                ),
                topic!(
                    "B60L",
                    ["53/00", "58/00", "50/00"],
                    ["充电桩", "电动汽车", "充电", "能量管理"],
                    ["charging", "electric", "vehicle", "energy"]
                ),
                topic!(
                    "B33Y",
                    ["10/00", "70/00", "80/00"],
                    ["增材制造", "打印", "成型"],
                    ["additive", "printing", "forming"]
                ),
                topic!("B21D", ["22/00", "37/00"], ["冲压", "模具", "钣金"], ["stamping", "die", "sheet"]),
                topic!("B63B", ["35/00", "21/00"], ["船舶", "海洋", "浮体"], ["ship", "marine", "floating"]),
            ],
        ),
        (
            'C',
            12,
            vec![
                topic!(
                    "C07D",
                    ["401/00", "213/00", "487/04"],
                    ["化合物", "合成", "衍生物", "中间体"],
                    ["compound", "synthesis", "derivative", "intermediate"]
                ),
                topic!(
                    "C08L",
                    ["67/00", "23/00", "77/00"],
                    ["聚合物", "树脂", "复合材料", "改性"],
                    ["polymer", "resin", "composite", "modified"]
                ),
                topic!(
                    "C12N",
                    ["15/00", "1/20", "9/00"],
                    ["基因", "菌株", "酶", "重组", "发酵"],
                    ["gene", "strain", "enzyme", "recombinant", "fermentation"]
                ),
                topic!(
                    "C02F",
                    ["1/00", "9/00", "3/00"],
                    ["污水", "水处理", "沉淀", "膜"],
                    ["wastewater", "treatment", "sediment", "membrane"]
                ),
                topic!(
                    "C04B",
                    ["35/00", "28/00"],
                    ["陶瓷", "水泥", "混凝土", "烧结"],
                    ["ceramic", "cement", "concrete", "sintering"]
                ),
                topic!(
                    "C22C",
                    ["38/00", "21/00"],
                    ["合金", "钢", "铝合金", "热处理"],
                    ["alloy", "steel", "aluminum", "heat"]
                ),
                topic!("C01B", ["32/00", "33/00"], ["石墨烯", "碳材料", "纳米"], ["graphene", "carbon", "nanometer"]),
            ],
        ),
        (
            'D',
            1,
            vec![
                topic!("D06M", ["15/00", "11/00"], ["纺织", "纤维", "整理"], ["textile", "fiber", "finishing"]),
                topic!("D01F", ["8/00", "6/00"], ["纤维", "纺丝", "化纤"], ["fiber", "spinning", "synthetic"]),
            ],
        ),
        (
            'E',
            3,
            vec![
                topic!(
                    "E04B",
                    ["1/00", "2/00"],
                    ["建筑", "墙体", "结构", "装配式"],
                    ["building", "wall", "structure", "prefabricated"]
                ),
                topic!("E21B", ["43/00", "47/00"], ["钻井", "油井", "采油"], ["drilling", "well", "oil"]),
                topic!("E02D", ["17/00", "5/00"], ["基坑", "桩基", "支护"], ["foundation", "pile", "support"]),
            ],
        ),
        (
            'F',
            8,
            vec![
                topic!("F16K", ["31/00", "1/00"], ["阀门", "阀体", "密封"], ["valve", "body", "seal"]),
                topic!("F24F", ["11/00", "13/00"], ["空调", "通风", "换热"], ["air", "ventilation", "exchange"]),
                topic!("F28D", ["15/00", "7/00"], ["换热器", "冷却", "散热"], ["exchanger", "cooling", "heat"]),
                topic!("F16H", ["57/00", "1/28"], ["齿轮", "传动", "减速器"], ["gear", "transmission", "reducer"]),
                topic!("F03D", ["80/00", "7/00"], ["风力发电", "叶片", "风机"], ["wind", "blade", "turbine"]),
            ],
        ),
        (
            'G',
            27,
            vec![
                topic!(
                    "G06F",
                    ["16/00", "3/01", "9/50", "21/62"],
                    ["数据", "计算机", "存储", "处理器", "数据库", "软件"],
                    ["data", "computer", "storage", "processor", "database", "software"]
                ),
                topic!(
                    "G06N",
                    ["3/08", "3/04", "20/00"],
                    ["神经网络", "深度学习", "训练", "模型", "人工智能"],
                    ["neural", "network", "learning", "training", "model"]
                ),
                topic!(
                    "G06Q",
                    ["10/06", "50/26", "30/02"],
                    ["管理", "平台", "服务", "交易", "调度"],
                    ["management", "platform", "service", "transaction", "scheduling"]
                ),
                topic!(
                    "G06T",
                    ["7/00", "5/00", "17/00"],
                    ["图像", "识别", "三维", "重建"],
                    ["image", "recognition", "three", "reconstruction"]
                ),
                topic!(
                    "G06V",
                    ["10/82", "20/52", "40/16"],
                    ["视觉", "目标检测", "人脸"],
                    ["vision", "detection", "face"]
                ),
                topic!(
                    "G01N",
                    ["21/00", "33/00", "30/02"],
                    ["检测", "分析", "光谱", "样品"],
                    ["detection", "analysis", "spectrum", "sample"]
                ),
                topic!(
                    "G05B",
                    ["19/418", "13/04"],
                    ["控制", "自动化", "控制器", "工业"],
                    ["control", "automation", "controller", "industrial"]
                ),
                topic!("G08G", ["1/01", "1/16"], ["交通", "车辆", "道路"], ["traffic", "vehicle", "road"]),
                topic!("G01S", ["17/89", "7/48"], ["雷达", "激光雷达", "定位"], ["radar", "lidar", "positioning"]),
            ],
        ),
        (
            'H',
            22,
            vec![
                topic!(
                    "H01M",
                    ["10/0525", "4/62", "50/409", "10/42", "8/10"],
                    ["电池", "锂离子", "正极", "负极", "隔膜", "电解液", "电极", "锂电池"],
                    ["battery", "lithium", "cathode", "anode", "separator", "electrolyte", "electrode"]
                ),
                topic!(
                    "H01L",
                    ["21/02", "29/78", "33/00", "31/18"],
                    ["半导体", "芯片", "晶体管", "衬底", "封装"],
                    ["semiconductor", "chip", "transistor", "substrate", "package"]
                ),
                topic!(
                    "H04L",
                    ["9/32", "67/12", "29/06", "41/00"],
                    ["通信", "网络", "加密", "区块链", "协议"],
                    ["communication", "network", "encryption", "blockchain", "protocol"]
                ),
                topic!(
                    "H04W",
                    ["72/04", "4/70", "24/02"],
                    ["无线", "终端", "基站", "信道"],
                    ["wireless", "terminal", "station", "channel"]
                ),
                topic!(
                    "H02J",
                    ["7/00", "3/38", "13/00"],
                    ["电网", "储能", "逆变器", "光伏"],
                    ["grid", "storage", "inverter", "photovoltaic"]
                ),
                topic!("H05K", ["7/20", "1/02"], ["电路板", "散热", "电子设备"], ["circuit", "board", "electronic"]),
                topic!("H04N", ["7/18", "5/232"], ["视频", "摄像", "监控"], ["video", "camera", "surveillance"]),
            ],
        ),
    ]
}

const ZH_FRAMES: [&str; 8] = ["方法", "装置", "系统", "设备", "制备方法", "组件", "结构", "应用"];
const ZH_GLUE: [&str; 12] = ["的", "和", "在", "所述", "通过", "用于", "以及", "其中", "对", "将", "与", "使"];
const EN_GENERAL: [&str; 60] = [
    "system",
    "method",
    "device",
    "unit",
    "module",
    "layer",
    "surface",
    "first",
    "second",
    "plurality",
    "control",
    "signal",
    "data",
    "member",
    "portion",
    "end",
    "connected",
    "configured",
    "provided",
    "having",
    "comprising",
    "based",
    "structure",
    "material",
    "process",
    "temperature",
    "pressure",
    "position",
    "value",
    "output",
    "input",
    "circuit",
    "sensor",
    "housing",
    "plate",
    "frame",
    "shaft",
    "motor",
    "power",
    "efficiency",
    "cost",
    "stable",
    "high",
    "low",
    "improved",
    "reduced",
    "simple",
    "rapid",
    "accurate",
    "flexible",
    "assembly",
    "apparatus",
    "means",
    "step",
    "region",
    "channel",
    "element",
    "composition",
    "ratio",
    "rate",
];
const EN_GLUE: [&str; 10] = ["the", "a", "of", "and", "to", "in", "is", "with", "for", "by"];
const DISTRICTS: [&str; 16] = [
    "和平区",
    "河东区",
    "河西区",
    "南开区",
    "河北区",
    "红桥区",
    "东丽区",
    "西青区",
    "津南区",
    "北辰区",
    "武清区",
    "宝坻区",
    "滨海新区",
    "宁河区",
    "静海区",
    "蓟州区",
];
const ROADS: [&str; 12] = [
    "黄海路",
    "卫津路",
    "海泰西路",
    "第五大街",
    "新港路",
    "津塘路",
    "宾水道",
    "红旗路",
    "学府路",
    "华苑路",
    "泰达大街",
    "中心大道",
];
const UNIVERSITIES: [(&str, &str); 9] = [
    ("天津大学", "南开区卫津路92号"),
    ("南开大学", "南开区卫津路94号"),
    ("天津工业大学", "西青区宾水西道399号"),
    ("天津理工大学", "西青区宾水西道391号"),
    ("天津科技大学", "滨海新区经济技术开发区第十三大街29号"),
    ("天津医科大学", "和平区气象台路22号"),
    ("河北工业大学", "红桥区光荣道8号"),
    ("中国民航大学", "东丽区津北公路2898号"),
    ("天津师范大学", "西青区宾水西道393号"),
];
const INSTITUTES: [(&str, &str); 4] = [
    ("中国科学院天津工业生物技术研究所", "滨海新区西七道32号"),
    ("天津市农业科学院", "西青区津静公路17公里处"),
    ("中国汽车技术研究中心有限公司", "东丽区先锋东路68号"),
    ("天津中德应用技术大学", "海河教育园区雅观路2号"),
];
const BRANDS: [&str; 40] = [
    "海泰", "力神", "中环", "津滨", "渤海", "泰达", "北辰", "华苑", "滨海", "新港", "金桥", "天狮", "凯发", "瑞普",
    "中科", "众合", "宏达", "博奥", "海河", "鑫源", "东方", "蓝天", "恒信", "普达", "睿智", "银河", "信诚", "汇智",
    "航天", "创新", "卓越", "长城", "天元", "立讯", "华泰", "明阳", "清源", "正泰", "天海", "星辰",
];
const INDUSTRIES: [&str; 12] = [
    "科技",
    "电子",
    "新能源",
    "生物医药",
    "智能装备",
    "新材料",
    "信息技术",
    "机械",
    "化工",
    "环保",
    "汽车零部件",
    "精密仪器",
];
const SUFFIXES: [&str; 3] = ["有限公司", "股份有限公司", "集团有限公司"];
const OTHER_PLACES: [&str; 6] = [
    "北京市海淀区中关村大街1号",
    "广东省深圳市南山区科技园",
    "上海市浦东新区张江路",
    "江苏省苏州市工业园区星湖街",
    "河北省廊坊市三河市燕郊",
    "浙江省杭州市余杭区文一西路",
];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str =
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国文志红军海波宁鹏飞浩然晨宇欣怡子涵梓轩博文思远";
const EN_SURNAMES: [&str; 12] =
    ["Smith", "Johnson", "Wang", "Li", "Zhang", "Mueller", "Tanaka", "Kim", "Brown", "Garcia", "Chen", "Liu"];

/// A generated applicant.
#[derive(Clone)]
struct Applicant {
    name: String,
    address: String,
}

/// The generator (deterministic for a seed).
pub struct Generator {
    rng: ChaCha8Rng,
    words: Vec<String>,
    word_dist: WeightedIndex<u64>,
    topics: Vec<(char, Topic)>,
    topic_dist: WeightedIndex<u32>,
    applicants: Vec<Applicant>,
    applicant_dist: WeightedIndex<f64>,
    en_dist: WeightedIndex<f64>,
    serial_a: u64,
    serial_u: u64,
    serial_s: u64,
    an_serial: u64,
}

fn zipf(n: usize, s: f64) -> Vec<f64> {
    (1..=n).map(|k| 1.0 / (k as f64).powf(s)).collect()
}

impl Generator {
    /// A generator for `seed`. Builds the vocabulary from jieba's dictionary (takes about a second).
    pub fn new(seed: u64) -> Generator {
        let jieba = Jieba::new();
        let chars: Vec<char> = CHARS.chars().collect();
        let mut words = Vec::new();
        let mut weights = Vec::new();
        for a in &chars {
            for b in &chars {
                let w = format!("{a}{b}");
                if jieba.has_word(&w) {
                    // suggest_freq of a dictionary word that jieba keeps whole is its count + 1.
                    let f = jieba.suggest_freq(&w).saturating_sub(1).max(1) as u64;
                    words.push(w);
                    weights.push(f);
                }
            }
        }
        let word_dist = WeightedIndex::new(&weights)
            .unwrap_or_else(|_| WeightedIndex::new([1u64]).unwrap_or_else(|_| unreachable!()));
        if words.is_empty() {
            words.push("技术".into());
        }
        let mut topics = Vec::new();
        let mut tw = Vec::new();
        for (section, share, list) in self::topics() {
            let n = list.len() as u32;
            for (i, t) in list.into_iter().enumerate() {
                // Within a section the first subclasses are the most common.
                tw.push(share * 100 * 2 / (n + 1) * (n - i as u32) / n + 1);
                topics.push((section, t));
            }
        }
        let topic_dist = WeightedIndex::new(&tw).unwrap_or_else(|_| unreachable!());
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut applicants: Vec<Applicant> = Vec::new();
        for (n, a) in UNIVERSITIES.iter().chain(INSTITUTES.iter()) {
            applicants.push(Applicant { name: n.to_string(), address: format!("天津市{a}") });
        }
        for i in 0..1500 {
            let b = BRANDS[rng.gen_range(0..BRANDS.len())];
            let ind = INDUSTRIES[rng.gen_range(0..INDUSTRIES.len())];
            let suf = SUFFIXES[rng.gen_range(0..SUFFIXES.len())];
            let name = format!("天津{b}{ind}{suf}");
            if applicants.iter().any(|a| a.name == name) {
                continue;
            }
            let address = if i % 10 == 9 {
                OTHER_PLACES[rng.gen_range(0..OTHER_PLACES.len())].to_string()
            } else {
                format!(
                    "天津市{}{}{}号",
                    DISTRICTS[rng.gen_range(0..DISTRICTS.len())],
                    ROADS[rng.gen_range(0..ROADS.len())],
                    rng.gen_range(1..400)
                )
            };
            applicants.push(Applicant { name, address });
        }
        let applicant_dist = WeightedIndex::new(zipf(applicants.len(), 0.9)).unwrap_or_else(|_| unreachable!());
        let en_dist = WeightedIndex::new(zipf(EN_GENERAL.len(), 1.0)).unwrap_or_else(|_| unreachable!());
        Generator {
            rng,
            words,
            word_dist,
            topics,
            topic_dist,
            applicants,
            applicant_dist,
            en_dist,
            serial_a: 100_000_000,
            serial_u: 200_000_000,
            serial_s: 300_000_000,
            an_serial: 0,
        }
    }

    /// Size of the general vocabulary.
    pub fn vocabulary_size(&self) -> usize {
        self.words.len()
    }

    fn zh_sentence(&mut self, t: usize, len: usize) -> String {
        let mut s = String::new();
        for i in 0..len {
            let r: f64 = self.rng.gen();
            if r < 0.3 {
                let z = self.topics[t].1.zh;
                s.push_str(z[self.rng.gen_range(0..z.len())]);
            } else if r < 0.45 && i > 0 {
                s.push_str(ZH_GLUE[self.rng.gen_range(0..ZH_GLUE.len())]);
            } else {
                let w = self.word_dist.sample(&mut self.rng);
                s.push_str(&self.words[w]);
            }
            if i + 1 < len && i % 7 == 6 {
                s.push('，');
            }
        }
        s.push('。');
        s
    }

    fn en_sentence(&mut self, t: usize, len: usize) -> String {
        let mut words: Vec<String> = Vec::new();
        for _ in 0..len {
            let r: f64 = self.rng.gen();
            if r < 0.3 {
                let e = self.topics[t].1.en;
                words.push(e[self.rng.gen_range(0..e.len())].to_string());
            } else if r < 0.55 {
                words.push(EN_GLUE[self.rng.gen_range(0..EN_GLUE.len())].to_string());
            } else {
                words.push(EN_GENERAL[self.en_dist.sample(&mut self.rng)].to_string());
            }
        }
        let mut s = words.join(" ");
        if let Some(f) = s.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        s.push('.');
        s
    }

    fn person(&mut self) -> String {
        let sur: Vec<char> = SURNAMES.chars().collect();
        let given: Vec<char> = GIVEN.chars().collect();
        let mut n = String::new();
        n.push(sur[self.rng.gen_range(0..sur.len())]);
        for _ in 0..self.rng.gen_range(1..=2) {
            n.push(given[self.rng.gen_range(0..given.len())]);
        }
        n
    }

    fn date_between(&mut self, from: NaiveDate, days: i64) -> NaiveDate {
        from + Duration::days(self.rng.gen_range(0..days.max(1)))
    }

    /// The next document.
    pub fn next_patent(&mut self) -> Patent {
        let t = self.topic_dist.sample(&mut self.rng);
        let (section, _) = self.topics[t];
        let _ = section;
        // Filing year: growth over 2000–2025 (weight ∝ year index + 2).
        let year = {
            let w: Vec<u32> = (0..26).map(|i| (i + 2) * (i + 2)).collect();
            let d = WeightedIndex::new(&w).unwrap_or_else(|_| unreachable!());
            2000 + d.sample(&mut self.rng) as i32
        };
        let ad = self.date_between(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(), 365);
        let kind_roll: f64 = self.rng.gen();
        let (ptype, type_digit) = if kind_roll < 0.55 {
            (PatentType::Invention, '1')
        } else if kind_roll < 0.95 {
            (PatentType::UtilityModel, '2')
        } else {
            (PatentType::Design, '3')
        };
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
        let age_years = (today - ad).num_days() / 365;
        let (status, kind, pd, granted) = match ptype {
            PatentType::Invention => {
                let roll: f64 = self.rng.gen();
                if age_years < 2 || (age_years < 4 && roll < 0.5) {
                    (LegalStatus::Pending, "A", ad + Duration::days(self.rng.gen_range(180..540)), false)
                } else if roll < 0.15 {
                    (LegalStatus::Withdrawn, "A", ad + Duration::days(self.rng.gen_range(180..540)), false)
                } else if roll < 0.25 {
                    (LegalStatus::Rejected, "A", ad + Duration::days(self.rng.gen_range(180..540)), false)
                } else {
                    let st = if age_years >= 20 {
                        LegalStatus::Expired
                    } else if roll < 0.45 {
                        LegalStatus::Lapsed
                    } else {
                        LegalStatus::Granted
                    };
                    (st, "B", ad + Duration::days(self.rng.gen_range(700..1500)), true)
                }
            }
            _ => {
                let roll: f64 = self.rng.gen();
                let limit = if ptype == PatentType::Design { 15 } else { 10 };
                let st = if age_years >= limit {
                    LegalStatus::Expired
                } else if roll < 0.4 {
                    LegalStatus::Lapsed
                } else {
                    LegalStatus::Granted
                };
                (
                    st,
                    if ptype == PatentType::Design { "S" } else { "U" },
                    ad + Duration::days(self.rng.gen_range(150..400)),
                    true,
                )
            }
        };
        let pd = pd.min(last);
        let serial = match kind {
            "A" | "B" => {
                self.serial_a += 1;
                self.serial_a
            }
            "U" => {
                self.serial_u += 1;
                self.serial_u
            }
            _ => {
                self.serial_s += 1;
                self.serial_s
            }
        };
        let pn = PublicationNumber { country: "CN".into(), number: serial.to_string(), kind: Some(kind.into()) };
        self.an_serial += 1;
        let an_digits = format!("{year}{type_digit}{:07}", self.an_serial % 10_000_000);
        let an = ApplicationNumber { country: "CN".into(), check_digit: cn_check_digit(&an_digits), number: an_digits };
        let mut p = Patent::new(pn);
        p.application_number = Some(an);
        p.patent_type = ptype;
        p.application_date = Some(ad);
        p.publication_date = Some(pd);
        p.grant_date = if granted { Some(pd) } else { None };
        p.legal_status = status;
        p.legal_status_text = Some(status.label_zh().to_string());
        p.source = Some("synthetic".into());
        p.language = Some("zh".into());
        // Classification.
        let topic = &self.topics[t].1;
        let g = topic.groups[self.rng.gen_range(0..topic.groups.len())];
        let main = ClassSymbol::parse(&format!("{}{g}", topic.subclass)).unwrap_or_else(|_| unreachable!());
        p.ipc.push(main.clone());
        if self.rng.gen_bool(0.4) {
            let t2 = self.topic_dist.sample(&mut self.rng);
            let topic2 = &self.topics[t2].1;
            let g2 = topic2.groups[self.rng.gen_range(0..topic2.groups.len())];
            if let Ok(c) = ClassSymbol::parse(&format!("{}{g2}", topic2.subclass)) {
                if c != main {
                    p.ipc.push(c);
                }
            }
        }
        if self.rng.gen_bool(0.3) {
            p.cpc.push(main);
        }
        // Texts.
        let zh_topic = self.topics[t].1.zh;
        let tw1 = zh_topic[self.rng.gen_range(0..zh_topic.len())];
        let gw = self.words[self.word_dist.sample(&mut self.rng)].clone();
        let frame = ZH_FRAMES[self.rng.gen_range(0..ZH_FRAMES.len())];
        p.title.zh = format!("一种{gw}{tw1}{frame}");
        let en_topic = self.topics[t].1.en;
        let ew = en_topic[self.rng.gen_range(0..en_topic.len())];
        let eg = EN_GENERAL[self.en_dist.sample(&mut self.rng)];
        let en_frame = ["method", "device", "system", "apparatus"][self.rng.gen_range(0..4)];
        p.title.en = format!("{eg} {ew} {en_frame}");
        let mut ab = format!("本发明公开了{}，", p.title.zh);
        for _ in 0..self.rng.gen_range(3..6) {
            let n = self.rng.gen_range(8..18);
            ab.push_str(&self.zh_sentence(t, n));
        }
        p.abstract_text.zh = ab;
        let mut en = format!("The invention discloses a {}. ", p.title.en);
        for _ in 0..self.rng.gen_range(2..4) {
            let n = self.rng.gen_range(10..20);
            en.push_str(&self.en_sentence(t, n));
            en.push(' ');
        }
        p.abstract_text.en = en.trim_end().to_string();
        let nclaims = self.rng.gen_range(2..6);
        for i in 0..nclaims {
            let n = self.rng.gen_range(8..16);
            let body = self.zh_sentence(t, n);
            let c = if i == 0 {
                format!("1. {}，其特征在于，{body}", p.title.zh)
            } else {
                format!("{}. 根据权利要求1所述的{}，其特征在于，{body}", i + 1, p.title.zh)
            };
            p.claims.zh.push(c);
        }
        let mut paras = Vec::new();
        for _ in 0..3 {
            let mut para = String::new();
            for _ in 0..self.rng.gen_range(2..4) {
                let n = self.rng.gen_range(10..20);
                para.push_str(&self.zh_sentence(t, n));
            }
            paras.push(para);
        }
        p.description.zh = paras.join("\n");
        // Parties.
        let napp = if self.rng.gen_bool(0.15) { 2 } else { 1 };
        for _ in 0..napp {
            let a = self.applicants[self.applicant_dist.sample(&mut self.rng)].clone();
            if p.applicants.iter().any(|x| x.name == a.name) {
                continue;
            }
            p.applicants.push(Party { name: a.name, address: Address::parse_cn(&a.address) });
        }
        if granted {
            p.assignees = p.applicants.iter().map(|a| Party::named(a.name.clone())).collect();
        }
        for _ in 0..self.rng.gen_range(1..5) {
            let n = self.person();
            if !p.inventors.contains(&n) {
                p.inventors.push(n);
            }
        }
        // Families, pledges, awards.
        if ptype == PatentType::Invention && self.rng.gen_bool(0.06) {
            let office = ["US", "EP", "WO", "JP", "KR"][self.rng.gen_range(0..5)];
            p.family_members.push(format!("{office}{}A1", self.rng.gen_range(10_000_000u64..99_999_999)));
            p.family_id = Some(format!("{}", self.rng.gen_range(10_000_000u64..99_999_999)));
            if self.rng.gen_bool(0.5) {
                p.priorities.push(Priority {
                    country: "CN".into(),
                    number: p.application_number.as_ref().map(ToString::to_string).unwrap_or_default(),
                    date: Some(ad),
                });
            }
            p.overseas_family = true;
            p.inventors.push(format!(
                "{} {}",
                ["John", "Anna", "Ken", "Maria"][self.rng.gen_range(0..4)],
                EN_SURNAMES[self.rng.gen_range(0..EN_SURNAMES.len())]
            ));
        }
        if granted && self.rng.gen_bool(0.03) {
            let wan = [100i64, 300, 500, 1000, 2000, 5000][self.rng.gen_range(0..6)];
            let on = self.date_between(pd, 700).min(last);
            p.pledges.push(Pledge {
                pledgor: p.applicants.first().map(|a| a.name.clone()).unwrap_or_default(),
                pledgee: ["中国银行天津市分行", "天津银行", "渤海银行", "兴业银行天津分行"][self.rng.gen_range(0..4)]
                    .into(),
                amount_yuan: Some(wan * 10_000),
                registered_on: Some(on),
                released_on: None,
            });
        }
        if granted && ptype == PatentType::Invention && self.rng.gen_bool(0.004) {
            let y = (pd.format("%Y").to_string().parse::<i32>().unwrap_or(2020) + 2).min(2026);
            let (name, grade) = if self.rng.gen_bool(0.3) {
                ("中国专利奖优秀奖", "优秀奖")
            } else {
                ("天津市专利奖二等奖", "二等奖")
            };
            p.awards.push(Award {
                name: format!("{y}年{name}"),
                kind: AwardKind::of_name(name),
                grade: grade.into(),
                year: Some(y),
            });
        }
        p
    }

    /// Write `count` documents as JSON Lines.
    pub fn write_jsonl<W: Write>(
        &mut self,
        count: u64,
        out: &mut W,
        progress: &mut dyn FnMut(u64),
    ) -> std::io::Result<()> {
        for i in 0..count {
            let p = self.next_patent();
            serde_json::to_writer(&mut *out, &p)?;
            out.write_all(b"\n")?;
            if (i + 1) % 1000 == 0 {
                progress(i + 1);
            }
        }
        progress(count);
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_plausible() {
        let mut a = Generator::new(7);
        let mut b = Generator::new(7);
        assert!(a.vocabulary_size() > 2000, "vocabulary {}", a.vocabulary_size());
        let mut sections = std::collections::HashMap::new();
        let mut tianjin = 0;
        for _ in 0..500 {
            let p = a.next_patent();
            assert_eq!(p, b.next_patent());
            let ad = p.application_date.unwrap_or_default();
            assert!(ad >= NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default());
            assert!(
                p.publication_date.unwrap_or_default() <= NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default()
            );
            // Valid numbers: the application number round-trips through the checked parser.
            let an = p.application_number.as_ref().map(ToString::to_string).unwrap_or_default();
            assert!(ApplicationNumber::parse(&an, "CN").is_ok(), "{an}");
            *sections.entry(p.ipc[0].section).or_insert(0) += 1;
            if p.first_address().map(|a| a.province == "天津市").unwrap_or(false) {
                tianjin += 1;
            }
            assert!(!p.title.zh.is_empty() && !p.abstract_text.en.is_empty());
        }
        assert!(sections.get(&'G').copied().unwrap_or(0) > sections.get(&'D').copied().unwrap_or(0));
        assert!(tianjin > 350, "{tianjin}");
    }
}
