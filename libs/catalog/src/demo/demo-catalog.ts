import type { ProductStatus } from '../product.entity';
import { type MatrixSpec, specTextOf } from '../product-matrix';

/**
 * A believable demo catalog, generated deterministically from a seed: the same options always give the same
 * catalog. Pure data (no database): demo-seeder.ts writes it.
 */
export interface DemoCatalogOptions {
  /** Number of products (default: one per template, 36). */
  products?: number;
  /** SKUs per product (default: varies 1..6 per template); capped by the template's spec combinations. */
  skusPerProduct?: number;
  seed?: number;
}

export interface DemoCategory {
  name: string;
  iconUrl: string;
  /** Index of the parent in `categories` (parents come first), or null for a top-level category. */
  parent: number | null;
  sort: number;
}

export interface DemoSku {
  specValues: string[];
  specText: string;
  price: number;
  linePrice: number | null;
  stock: number;
  salesCount: number;
  code: string;
}

export interface DemoProduct {
  /** Index of its (leaf) category in `categories`. */
  category: number;
  title: string;
  subtitle: string;
  mainImage: string;
  images: string[];
  detailImages: string[];
  status: ProductStatus;
  specs: MatrixSpec[];
  skus: DemoSku[];
  /** How long before "now" it was listed. */
  ageMs: number;
}

export interface DemoStore {
  name: string;
  province: string;
  city: string;
  district: string;
  address: string;
  latitude: number;
  longitude: number;
  phone: string;
  businessHours: string;
}

export interface DemoCatalog {
  categories: DemoCategory[];
  products: DemoProduct[];
  banners: { title: string; image: string; link: { type: 'product' | 'category' | 'none'; index: number | null }; sort: number }[];
  /** `products` are indexes into DemoCatalog.products (on-sale ones). */
  sections: { title: string; subtitle: string; products: number[]; sort: number }[];
  stores: DemoStore[];
}

interface Template {
  title: string;
  subtitle: string;
  /** Price range in yuan; SKU prices end in 9 yuan like real shops. */
  price: [number, number];
  specs: MatrixSpec[];
}

const COLORS = ['白色', '黑色', '燕麦灰', '藏青', '杏色', '雾霾蓝'];
const SIZES = ['S', 'M', 'L', 'XL', 'XXL'];

const TREE: { name: string; leaves: { name: string; templates: Template[] }[] }[] = [
  {
    name: '服饰',
    leaves: [
      {
        name: 'T恤',
        templates: [
          {
            title: '纯棉圆领短袖T恤',
            subtitle: '新疆长绒棉 亲肤透气',
            price: [59, 99],
            specs: [spec('颜色', COLORS), spec('尺码', SIZES)],
          },
          { title: '重磅宽松落肩T恤', subtitle: '260g 厚实不透', price: [89, 129], specs: [spec('颜色', COLORS), spec('尺码', SIZES)] },
          { title: '冰丝速干运动T恤', subtitle: '凉感面料 跑步健身', price: [69, 109], specs: [spec('颜色', COLORS), spec('尺码', SIZES)] },
          { title: '华夫格休闲短袖', subtitle: '立体肌理 日常百搭', price: [79, 119], specs: [spec('颜色', COLORS), spec('尺码', SIZES)] },
        ],
      },
      {
        name: '防晒衣',
        templates: [
          {
            title: '冰丝防晒衣',
            subtitle: 'UPF50+ 轻薄透气',
            price: [99, 169],
            specs: [spec('颜色', ['冰川蓝', '月光白', '樱花粉', '曜石黑']), spec('尺码', ['M', 'L', 'XL'])],
          },
          {
            title: '连帽皮肤衣',
            subtitle: '可收纳 户外骑行',
            price: [129, 199],
            specs: [spec('颜色', ['薄荷绿', '月光白', '曜石黑']), spec('尺码', ['M', 'L', 'XL'])],
          },
          {
            title: '儿童防晒外套',
            subtitle: '柔软亲肤 防紫外线',
            price: [79, 129],
            specs: [spec('颜色', ['天空蓝', '柠檬黄']), spec('尺码', ['110', '120', '130', '140'])],
          },
        ],
      },
      {
        name: '裤装',
        templates: [
          {
            title: '垂感阔腿裤',
            subtitle: '高腰显瘦 通勤百搭',
            price: [99, 159],
            specs: [spec('颜色', ['黑色', '咖色', '米白']), spec('尺码', ['S', 'M', 'L', 'XL'])],
          },
          {
            title: '高腰直筒牛仔裤',
            subtitle: '微弹修身 复古水洗',
            price: [139, 229],
            specs: [spec('颜色', ['浅蓝', '深蓝']), spec('尺码', ['26', '27', '28', '29', '30', '31'])],
          },
          {
            title: '冰丝休闲九分裤',
            subtitle: '夏季薄款 不易起皱',
            price: [89, 139],
            specs: [spec('颜色', ['黑色', '灰色', '卡其']), spec('尺码', ['M', 'L', 'XL', 'XXL'])],
          },
        ],
      },
    ],
  },
  {
    name: '咖啡茶饮',
    leaves: [
      {
        name: '咖啡豆',
        templates: [
          {
            title: '手冲咖啡豆 250g',
            subtitle: '当季新鲜烘焙 花果香',
            price: [69, 129],
            specs: [spec('研磨', ['咖啡豆(不研磨)', '手冲粗研磨', '意式细研磨'])],
          },
          {
            title: '云南小粒咖啡豆 500g',
            subtitle: '保山产区 坚果可可风味',
            price: [59, 99],
            specs: [spec('烘焙度', ['浅烘', '中烘', '深烘']), spec('研磨', ['不研磨', '粗研磨', '细研磨'])],
          },
          {
            title: '意式拼配咖啡豆 1kg',
            subtitle: '油脂丰富 奶咖适配',
            price: [119, 189],
            specs: [spec('研磨', ['咖啡豆(不研磨)', '意式细研磨'])],
          },
          { title: '埃塞俄比亚耶加雪菲咖啡豆', subtitle: '水洗处理 柑橘茉莉', price: [89, 149], specs: [spec('规格', ['227g', '454g'])] },
        ],
      },
      {
        name: '茶叶',
        templates: [
          { title: '明前西湖龙井', subtitle: '核心产区 豆香浓郁', price: [199, 599], specs: [spec('规格', ['100g', '250g', '500g 礼盒'])] },
          { title: '武夷山大红袍', subtitle: '岩韵悠长 焙火足', price: [159, 399], specs: [spec('规格', ['150g', '300g 礼盒'])] },
          { title: '云南古树普洱 357g', subtitle: '2019年 生茶饼', price: [229, 469], specs: [] },
          { title: '福鼎白茶 寿眉', subtitle: '紧压茶饼 越陈越香', price: [99, 259], specs: [spec('规格', ['100g', '350g'])] },
        ],
      },
    ],
  },
  {
    name: '家居日用',
    leaves: [
      {
        name: '杯壶',
        templates: [
          {
            title: '316不锈钢保温杯',
            subtitle: '12小时长效保温',
            price: [79, 159],
            specs: [spec('颜色', ['奶白', '雾蓝', '石墨黑']), spec('容量', ['350ml', '500ml'])],
          },
          { title: '玻璃冷泡壶 1.2L', subtitle: '耐热高硼硅 可直火', price: [49, 89], specs: [spec('款式', ['标准款', '带滤网款'])] },
          {
            title: '陶瓷马克杯',
            subtitle: '哑光釉面 可进微波炉',
            price: [29, 59],
            specs: [spec('颜色', ['奶油黄', '燕麦色', '雾霾蓝', '抹茶绿'])],
          },
        ],
      },
      {
        name: '收纳',
        templates: [
          { title: '桌面收纳盒 三件套', subtitle: '分类整理 办公书桌', price: [39, 69], specs: [spec('颜色', ['白色', '灰色'])] },
          {
            title: '可折叠衣物收纳箱',
            subtitle: '大容量 防尘带盖',
            price: [49, 99],
            specs: [spec('尺寸', ['中号 36L', '大号 66L']), spec('颜色', ['米灰', '雾蓝'])],
          },
          { title: '真空压缩收纳袋', subtitle: '免抽气泵 被子衣物', price: [29, 59], specs: [spec('套装', ['6件套', '10件套'])] },
        ],
      },
    ],
  },
  {
    name: '数码配件',
    leaves: [
      {
        name: '充电器',
        templates: [
          { title: '65W氮化镓快充充电器', subtitle: '三口输出 笔记本可用', price: [99, 169], specs: [spec('颜色', ['白色', '黑色'])] },
          { title: '20W PD快充头', subtitle: '小巧便携 兼容苹果安卓', price: [29, 59], specs: [spec('颜色', ['白色', '黑色'])] },
          { title: '三合一无线充电座', subtitle: '手机手表耳机同时充', price: [159, 259], specs: [] },
        ],
      },
      {
        name: '数据线',
        templates: [
          {
            title: 'Type-C编织快充数据线',
            subtitle: '60W 耐弯折',
            price: [19, 49],
            specs: [spec('长度', ['1m', '1.5m', '2m']), spec('颜色', ['黑色', '白色'])],
          },
          { title: '磁吸充电线', subtitle: '一线三头 随手吸附', price: [29, 59], specs: [spec('长度', ['1m', '2m'])] },
        ],
      },
      {
        name: '手机壳',
        templates: [
          {
            title: '磨砂透明手机壳',
            subtitle: '防摔防指纹',
            price: [19, 39],
            specs: [spec('机型', ['iPhone 15', 'iPhone 15 Pro', 'iPhone 16', 'iPhone 16 Pro']), spec('颜色', ['透明', '磨砂黑'])],
          },
          {
            title: '液态硅胶手机壳',
            subtitle: '亲肤手感 内衬超纤',
            price: [29, 59],
            specs: [spec('机型', ['iPhone 15', 'iPhone 16', '华为 Mate 60']), spec('颜色', ['午夜蓝', '雪白', '薰衣草紫'])],
          },
        ],
      },
    ],
  },
];

const PACKS = ['标准装', '两件装', '三件装', '礼盒装', '家庭装', '尝鲜装'];
const EDITIONS = ['', '【新款】', '【升级款】', '【店长推荐】', '【加厚款】', '【经典款】', '【限定色】', '【夏季款】'];

function spec(name: string, values: string[]): MatrixSpec {
  return { name, values };
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const image = (slug: string, w = 750, h = 750): string => `https://picsum.photos/seed/wxmall-${slug}/${w}/${h}`;

/** Combinations of the spec values in order (first spec varies slowest), the first `limit` of them. */
function combinations(specs: MatrixSpec[], limit: number): string[][] {
  let out: string[][] = [[]];
  for (const s of specs) out = out.flatMap((prefix) => s.values.map((v) => [...prefix, v]));
  return out.slice(0, limit);
}

export function buildDemoCatalog(opts: DemoCatalogOptions = {}): DemoCatalog {
  const rand = prng(opts.seed ?? 20240601);
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

  const categories: DemoCategory[] = [];
  const leaves: { index: number; templates: Template[] }[] = [];
  TREE.forEach((top, t) => {
    const parent = categories.push({ name: top.name, iconUrl: image(`cat-${t}`, 120, 120), parent: null, sort: t }) - 1;
    top.leaves.forEach((leaf, l) => {
      const index = categories.push({ name: leaf.name, iconUrl: image(`cat-${t}-${l}`, 120, 120), parent, sort: l }) - 1;
      leaves.push({ index, templates: leaf.templates });
    });
  });
  const templates = leaves.flatMap((leaf) => leaf.templates.map((template) => ({ category: leaf.index, template })));

  const count = opts.products ?? templates.length;
  const products: DemoProduct[] = [];
  for (let i = 0; i < count; i++) {
    const { category, template } = templates[i % templates.length]!;
    const round = Math.floor(i / templates.length);
    const edition = round === 0 ? '' : EDITIONS[round % EDITIONS.length]!;
    const title = round < EDITIONS.length ? `${edition}${template.title}` : `${edition}${template.title} ${String(round).padStart(4, '0')}`;
    const wanted = Math.max(1, opts.skusPerProduct ?? int(1, 6));
    // Too few combinations for the SKUs asked for: sell it in packs too.
    const specsUsed = combinations(template.specs, wanted).length < wanted ? [...template.specs, spec('套餐', PACKS)] : template.specs;
    const combos = combinations(specsUsed, wanted);
    // Specs list only the values the SKUs use, so the shop front shows no dead chips.
    const specs = specsUsed.map((s, k) => ({ name: s.name, values: s.values.filter((v) => combos.some((c) => c[k] === v)) }));
    const base = int(template.price[0], template.price[1]);
    const skus = combos.map((values, k): DemoSku => {
      const price = (Math.floor((base + (k % 3) * 10) / 10) * 10 + 9) * 100;
      const sales = int(0, 500);
      return {
        specValues: values,
        specText: specTextOf(values),
        price,
        linePrice: rand() < 0.7 ? Math.round((price * 1.3) / 1000) * 1000 + 900 : null,
        stock: rand() < 0.08 ? int(0, 5) : int(10, 300),
        salesCount: sales,
        code: `D${String(i + 1).padStart(5, '0')}-${String(k + 1).padStart(2, '0')}`,
      };
    });
    const status: ProductStatus = i % 23 === 7 ? 'draft' : i % 19 === 11 ? 'off_sale' : 'on_sale';
    products.push({
      category,
      title,
      subtitle: template.subtitle,
      mainImage: image(`p${i}`),
      images: [image(`p${i}`), image(`p${i}-2`), image(`p${i}-3`)],
      detailImages: [image(`p${i}-d1`, 750, 1000), image(`p${i}-d2`, 750, 1000)],
      status,
      specs,
      skus,
      ageMs: int(0, 90 * 86_400) * 1000,
    });
  }

  const onSale = products.map((p, i) => (p.status === 'on_sale' ? i : -1)).filter((i) => i >= 0);
  const pick = (n: number, offset: number): number[] => onSale.filter((_, k) => k % 3 === offset % 3).slice(0, n);
  return {
    categories,
    products,
    banners: [
      { title: '夏季上新 全场包邮', image: image('banner-summer', 750, 350), link: { type: 'category', index: 0 }, sort: 0 },
      { title: '精品咖啡 第二件半价', image: image('banner-coffee', 750, 350), link: { type: 'category', index: 4 }, sort: 1 },
      {
        title: '店长推荐',
        image: image('banner-pick', 750, 350),
        link: onSale.length > 0 ? { type: 'product', index: onSale[0]! } : { type: 'none', index: null },
        sort: 2,
      },
    ],
    sections: [
      { title: '夏季新品', subtitle: '清爽一夏', products: pick(6, 0), sort: 0 },
      { title: '人气热卖', subtitle: '大家都在买', products: pick(6, 1), sort: 1 },
    ],
    stores: [
      {
        name: 'wxmall 深圳福田旗舰店',
        province: '广东省',
        city: '深圳市',
        district: '福田区',
        address: '福华三路 88 号 1 层',
        latitude: 22.533013,
        longitude: 114.055036,
        phone: '0755-8888 0001',
        businessHours: '10:00-22:00',
      },
      {
        name: 'wxmall 广州天河店',
        province: '广东省',
        city: '广州市',
        district: '天河区',
        address: '天河路 208 号 2 层',
        latitude: 23.132091,
        longitude: 113.327316,
        phone: '020-8888 0002',
        businessHours: '10:00-22:00',
      },
    ],
  };
}
