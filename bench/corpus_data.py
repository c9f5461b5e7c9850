"""The benchmark corpus's fixed lists: places, reporters' names, sections and tags.

Written by hand for the benchmark corpus (bench/corpus.py); nothing here is read
from the network or from another project. Places are real (Syria's towns first,
then the region, then the world), so datelines read like the agency's; names are
ordinary transliterated Arabic and western given and family names, combined by
the generator into 2,000 reporters.
"""

# Places in the order of how often the agency datelines a story there (the generator's
# Zipf draw favours the first). Those with an Arabic name can head an Arabic story.
PLACES_WITH_ARABIC = [
    ("Damascus", "دمشق"), ("Aleppo", "حلب"), ("Homs", "حمص"), ("Latakia", "اللاذقية"), ("Hama", "حماة"),
    ("Tartous", "طرطوس"), ("Damascus Countryside", "ريف دمشق"), ("Hasaka", "الحسكة"), ("Daraa", "درعا"),
    ("Sweida", "السويداء"), ("Deir Ezzor", "دير الزور"), ("Quneitra", "القنيطرة"), ("Idleb", "إدلب"),
    ("Raqqa", "الرقة"), ("Qamishli", "القامشلي"), ("Palmyra", "تدمر"), ("Jableh", "جبلة"), ("Baniyas", "بانياس"),
    ("Safita", "صافيتا"), ("Masyaf", "مصياف"), ("Salamiyeh", "السلمية"), ("Douma", "دوما"), ("Harasta", "حرستا"),
    ("Zabadani", "الزبداني"), ("Qudsaya", "قدسيا"), ("Jaramana", "جرمانا"), ("Maaloula", "معلولا"),
    ("Yabroud", "يبرود"), ("Nabek", "النبك"), ("Bosra", "بصرى"), ("Izraa", "إزرع"), ("Shahba", "شهبا"),
    ("Salkhad", "صلخد"), ("Manbij", "منبج"), ("Afrin", "عفرين"), ("Mayadin", "الميادين"),
    ("Albu Kamal", "البوكمال"), ("Qardaha", "القرداحة"), ("Kessab", "كسب"), ("Slunfeh", "صلنفة"),
    ("Mhardeh", "محردة"), ("Suqaylabiyah", "السقيلبية"), ("Rastan", "الرستن"), ("Talbiseh", "تلبيسة"),
    ("Qusayr", "القصير"), ("Tal Kalakh", "تلكلخ"), ("Saraqeb", "سراقب"), ("Jisr al-Shughour", "جسر الشغور"),
    ("Khan Sheikhoun", "خان شيخون"), ("Safira", "السفيرة"), ("Ras al-Ain", "رأس العين"), ("Amuda", "عامودا"),
    ("Malikiyeh", "المالكية"), ("Tal Tamr", "تل تمر"), ("Shaddadi", "الشدادي"), ("Tabqa", "الطبقة"),
    ("Dreikish", "الدريكيش"), ("Qatana", "قطنا"), ("Kisweh", "الكسوة"), ("Sahnaya", "صحنايا"),
    ("Darayya", "داريا"), ("Nawa", "نوى"), ("Sanamayn", "الصنمين"), ("Khan Arnabeh", "خان أرنبة"),
    ("Hasya", "حسياء"), ("Sukhnah", "السخنة"), ("Beirut", "بيروت"), ("Baghdad", "بغداد"), ("Amman", "عمان"),
    ("Cairo", "القاهرة"), ("Moscow", "موسكو"), ("Tehran", "طهران"), ("Beijing", "بكين"), ("Baalbek", "بعلبك"),
    ("Riyadh", "الرياض"), ("Doha", "الدوحة"), ("Muscat", "مسقط"), ("Algiers", "الجزائر"), ("Tunis", "تونس"),
    ("Sanaa", "صنعاء"), ("Khartoum", "الخرطوم"), ("Gaza", "غزة"), ("Jerusalem", "القدس"), ("Geneva", "جنيف"),
    ("New York", "نيويورك"), ("Minsk", "مينسك"), ("Havana", "هافانا"), ("Caracas", "كراكاس"),
]  # fmt: skip

PLACES_ENGLISH_ONLY = [
    "Washington", "London", "Paris", "Berlin", "Rome", "Madrid", "Vienna", "Brussels", "Ankara", "Istanbul",
    "Kuwait", "Manama", "Abu Dhabi", "Dubai", "Aden", "Basra", "Mosul", "Erbil", "Najaf", "Karbala", "Kirkuk",
    "Sulaymaniyah", "Tripoli", "Sidon", "Tyre", "Ramallah", "Nablus", "Hebron", "Jenin", "Bethlehem", "Zarqa",
    "Irbid", "Aqaba", "Alexandria", "Port Said", "Luxor", "Aswan", "Jeddah", "Mecca", "Medina", "Dammam",
    "Salalah", "Sharjah", "Hodeidah", "Taiz", "Rabat", "Casablanca", "Benghazi", "Nouakchott", "Mashhad",
    "Isfahan", "Tabriz", "Izmir", "Adana", "Gaziantep", "Antakya", "Nicosia", "Limassol", "Baku", "Yerevan",
    "Tbilisi", "New Delhi", "Tokyo", "Brasilia", "Pretoria", "Astana", "Tashkent", "Dushanbe", "Bishkek",
    "Ashgabat", "Kyiv", "Warsaw", "Prague", "Budapest", "Bucharest", "Sofia", "Belgrade", "Athens", "Lisbon",
    "Dublin", "Amsterdam", "The Hague", "Stockholm", "Oslo", "Copenhagen", "Helsinki", "Bern", "Zurich",
    "Milan", "Naples", "Barcelona", "Marseille", "Lyon", "Munich", "Hamburg", "Frankfurt", "St. Petersburg",
    "Sochi", "Kazan", "Novosibirsk", "Vladivostok", "Kaliningrad", "Murmansk", "Volgograd", "Rostov-on-Don",
    "Yekaterinburg", "Shanghai", "Guangzhou", "Shenzhen", "Hong Kong", "Wuhan", "Chongqing", "Seoul",
    "Pyongyang", "Hanoi", "Ho Chi Minh City", "Bangkok", "Jakarta", "Kuala Lumpur", "Manila", "Singapore",
    "Islamabad", "Karachi", "Lahore", "Kabul", "Dhaka", "Colombo", "Kathmandu", "Ulaanbaatar", "Canberra",
    "Sydney", "Melbourne", "Wellington", "Ottawa", "Toronto", "Montreal", "Mexico City", "Bogota", "Lima",
    "Quito", "Santiago", "Buenos Aires", "La Paz", "Montevideo", "Managua", "Sao Paulo", "Rio de Janeiro",
    "Los Angeles", "Chicago", "Houston", "Miami", "Boston", "San Francisco", "Commack", "Seattle", "Atlanta",
    "Denver", "Dallas", "Philadelphia", "Detroit", "Nairobi", "Addis Ababa", "Lagos", "Abuja", "Accra",
    "Dakar", "Kinshasa", "Luanda", "Harare", "Johannesburg", "Cape Town", "Kampala", "Dar es Salaam",
    "Mogadishu", "Djibouti", "Asmara", "Bamako", "Niamey", "N'Djamena", "Tallinn", "Riga", "Vilnius",
    "Chisinau", "Bratislava", "Ljubljana", "Zagreb", "Sarajevo", "Skopje", "Tirana", "Podgorica", "Valletta",
    "Reykjavik", "Luxembourg", "Monaco", "Strasbourg", "Davos", "Vatican City", "Kigali", "Windhoek",
    "Maputo", "Lusaka", "Antananarivo", "Port Louis", "Sevastopol", "Simferopol", "Donetsk", "Grozny",
    "Makhachkala", "Vladikavkaz", "Marrakesh", "Fez", "Oran", "Constantine", "Sfax",
    "Sousse", "Port Sudan", "Juba", "Asyut", "Tanta", "Mansoura", "Ismailia", "Suez", "Hurghada",
    "Sharm el-Sheikh", "Taif", "Tabuk", "Abha", "Al Ain", "Fujairah", "Ras al-Khaimah", "Sohar", "Nizwa",
    "Mukalla", "Marib", "Saada", "Fallujah", "Ramadi", "Tikrit", "Samarra", "Baqubah", "Nasiriyah", "Kut",
    "Hilla", "Diwaniyah", "Amarah", "Tal Afar", "Sinjar", "Duhok", "Zakho", "Halabja", "Qom", "Shiraz",
    "Ahvaz", "Kermanshah", "Bursa", "Konya", "Mersin", "Diyarbakir", "Sanliurfa",
]  # fmt: skip

SECTIONS = [
    "Politics", "Local", "Economy", "International", "Culture", "Sports", "Health", "Science and Technology",
    "Tourism", "Environment", "Reports", "Opinion",
]  # fmt: skip

TOPIC_TAGS = [
    "reconstruction", "wheat harvest", "electricity", "water supply", "education", "universities", "exams",
    "hospitals", "vaccination", "public health", "agriculture", "olive season", "cotton", "citrus", "livestock",
    "irrigation", "dams", "drought", "rainfall", "wildfires", "forests", "oil", "gas", "energy", "solar energy",
    "transport", "railways", "airports", "ports", "roads", "housing", "investment", "trade", "exports",
    "imports", "industry", "textiles", "pharmaceuticals", "small businesses", "banking", "currency", "prices",
    "customs", "tourism season", "archaeology", "museums", "heritage", "restoration", "Damascus International Fair",
    "book fair", "theatre", "cinema", "music", "poetry", "exhibitions", "festivals", "football", "basketball",
    "athletics", "swimming", "chess", "Olympics", "Asian Games", "Mediterranean Games", "World Cup qualifiers",
    "diplomacy", "United Nations", "Security Council", "sanctions", "terrorism", "de-mining", "refugees",
    "returnees", "humanitarian aid", "Red Crescent", "earthquake", "floods", "snowstorm", "climate",
    "environment day", "cleanliness campaign", "telecommunications", "internet", "software", "startups",
    "scientific research", "space", "astronomy", "medicine", "cancer", "children", "women", "youth",
    "elections", "parliament", "local councils", "government", "ministries", "courts", "police", "civil defence",
    "fire brigade", "traffic", "weather", "anniversaries", "martyrs", "liberation", "occupied Golan",
    "Palestine", "Lebanon", "Iraq", "Russia", "China", "Iran", "Belarus", "Venezuela", "Cuba", "BRICS",
    "Shanghai Cooperation Organisation", "Arab League", "African Union", "European Union", "Non-Aligned Movement",
    "Astana talks", "Geneva talks", "ceasefire", "reconciliation", "amnesty", "ration cards", "bread",
    "fuel", "subsidies", "salaries", "pensions", "labour", "unions", "cooperatives", "crafts", "handicrafts",
    "soap", "silk", "glassblowing", "mosaic", "calligraphy", "gastronomy", "Ramadan", "Christmas", "Easter",
    "Eid al-Adha", "Eid al-Fitr", "Mother's Day", "Teachers' Day", "Independence Day", "Evacuation Day",
]  # fmt: skip

ARABIC_GIVEN_NAMES = [
    "Manar", "Hazem", "Rasha", "Lina", "Ghossoun", "Mazen", "Bassam", "Hala", "Raghda", "Basma", "Ruaa",
    "Mohammad", "Ahmad", "Ali", "Hussein", "Rami", "Fadi", "Samer", "Ghaith", "Ola", "Reem", "Dima", "Nour",
    "Hiba", "Mais", "Rawaa", "Shaza", "Yara", "Lama", "Ruba", "Maysaa", "Ghada", "Hanan", "Amal", "Mahmoud",
    "Khaled", "Omar", "Yousef", "Ibrahim", "Bashar", "Firas", "Wael", "Nizar", "Tarek", "Iyad", "Ziad",
    "Jamal", "Nabil", "Qusai", "Louai", "Majd", "Haidar", "Mona", "Fatima", "Zeinab", "Rania", "Suzan",
    "Razan", "Farah", "Taghrid", "Ibtisam", "Nidal", "Munzer", "Adnan", "Hisham", "Kinda", "Batoul",
    "Nisreen", "Rima", "Sally", "Maya", "Joud", "Abdullah", "Mustafa", "Hassan", "Walid", "Marwan", "Lubna",
    "Ammar", "Saleem",
]  # fmt: skip

ARABIC_FAMILY_NAMES = [
    "al-Freih", "Sabbagh", "Haddad", "al-Khatib", "Ismael", "al-Ahmad", "Hasan", "al-Hussein", "Qassem",
    "Mansour", "Saleh", "Darwish", "Shaaban", "al-Masri", "Halabi", "Shami", "Dayoub", "Suleiman", "Youssef",
    "Nasser", "al-Sayyed", "Othman", "Abbas", "Ghanem", "Kharrat", "Jabbour", "Khoury", "Nahhas", "Zein",
    "Rustom", "Hammoud", "al-Rifai", "Tayfour", "Kanaan", "al-Omar", "Abdo", "Khalil", "Zaher", "Hamdan",
    "Bitar", "Attar", "Dib", "Saad", "Badr", "al-Hamwi", "al-Homsi", "Kabbani", "Murad", "Sharaf", "Ajami",
    "Mahfouz", "al-Jundi", "Barakat", "Nassif", "Salloum", "Issa", "Mikhael", "Awad", "Fares", "Hilal",
    "Qabbani", "Shehadeh", "Taha", "al-Zoubi", "Makhlouf", "Diab", "Yazji", "Moussa", "Haidar", "Kassab",
]  # fmt: skip

WESTERN_GIVEN_NAMES = [
    "John", "Michael", "David", "Sarah", "Emma", "Laura", "James", "Robert", "Anna", "Maria", "Thomas", "Peter",
    "Paul", "Elena", "Olga", "Ivan", "Sergei", "Dmitry", "Natalia", "Tatiana", "Pierre", "Jean", "Claire",
    "Sophie", "Hans", "Klaus", "Giulia", "Marco", "Carlos", "Lucia", "Daniel", "Rachel", "Mark", "Steve",
    "Jonathan", "Kate", "Lisa", "Andrew", "Simon", "Julia",
]  # fmt: skip

WESTERN_FAMILY_NAMES = [
    "Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Martin",
    "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott",
    "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Petrov", "Ivanova",
    "Dubois", "Laurent", "Schmidt", "Weber", "Rossi", "Bianchi", "Garcia", "Lopez",
]  # fmt: skip

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]  # fmt: skip

# PostgreSQL's English stop words (its tsearch_data/english.stop, the Snowball list) longer than two letters:
# a query made only of these finds nothing in an English full-text index, so no query class uses them.
_ENGLISH_STOP_LIST = """
    about above after again against all and any are because been before being below between both but can did
    does doing don down during each few for from further had has have having her here hers herself him himself
    his how into its itself just more most myself nor not now off once only other our ours ourselves out over
    own same she should some such than that the their theirs them themselves then there these they this those
    through too under until very was were what when where which while who whom why will with you your yours
    yourself yourselves
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_LIST.split())
