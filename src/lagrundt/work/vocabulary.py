"""The controlled lists of the work module: levels, licences, certificates, skills, limits, kinds and states.

Codes are stored; labels are translated. The matching rules (``rules.py``) read the codes only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CEFR(models.TextChoices):
    """Common European Framework of Reference levels, as Norwegian tests report them (A1 to C1)."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


# A level as a number for comparisons: 0 = not assessed or none, 1 = A1 … 5 = C1.
CEFR_RANK = {level: rank for rank, level in enumerate(CEFR.values, start=1)}
CEFR_BY_RANK = {rank: level for level, rank in CEFR_RANK.items()}


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school, general studies")
    VOCATIONAL = "vocational", _("Vocational training or trade certificate")
    HIGHER_SHORT = "higher_short", _("Higher education, up to four years")
    HIGHER_LONG = "higher_long", _("Higher education, more than four years")
    DOCTORATE = "doctorate", _("Doctorate")


class Recognition(models.TextChoices):
    """Whether recognition of the education in Norway has been applied for, and how it went."""

    NOT_APPLIED = "not_applied", _("Not applied for")
    APPLIED = "applied", _("Applied for")
    RECOGNISED = "recognised", _("Recognised")
    REFUSED = "refused", _("Not recognised")


class LicenceClass(models.TextChoices):
    """Norwegian driving licence classes (førerkortklasser)."""

    AM = "AM", _("AM – moped")
    A1 = "A1", _("A1 – light motorcycle")
    A2 = "A2", _("A2 – medium motorcycle")
    A = "A", _("A – motorcycle")
    B = "B", _("B – car")
    BE = "BE", _("BE – car with trailer")
    C1 = "C1", _("C1 – light lorry")
    C1E = "C1E", _("C1E – light lorry with trailer")
    C = "C", _("C – lorry")
    CE = "CE", _("CE – lorry with trailer")
    D1 = "D1", _("D1 – minibus")
    D1E = "D1E", _("D1E – minibus with trailer")
    D = "D", _("D – bus")
    DE = "DE", _("DE – bus with trailer")
    T = "T", _("T – tractor")


class Certificate(models.TextChoices):
    FORKLIFT = "forklift", _("Forklift licence (truck)")
    CRANE = "crane", _("Crane operator certificate")
    MACHINE_OPERATOR = "machine_operator", _("Construction machine operator certificate")
    FOOD_HYGIENE = "food_hygiene", _("Food hygiene course")
    ALCOHOL_SERVING = "alcohol_serving", _("Alcohol serving test (kunnskapsprøven)")
    FIRST_AID = "first_aid", _("First aid course")
    HSE_CARD = "hse_card", _("HSE card for construction sites")
    SAFE_LIFTING = "safe_lifting", _("Lifting and rigging course")
    HEALTH_AUTHORISATION = "health_authorisation", _("Authorisation as health personnel")
    TRADE_CERTIFICATE = "trade_certificate", _("Trade or journeyman's certificate")
    CHAINSAW = "chainsaw", _("Chainsaw course")
    CHILD_CARE_COURSE = "child_care_course", _("Course for assistants in kindergartens")
    POLICE_CERTIFICATE = "police_certificate", _("Police certificate of conduct")


class Skill(models.TextChoices):
    CLEANING = "cleaning", _("Cleaning")
    COOKING = "cooking", _("Cooking")
    KITCHEN = "kitchen", _("Kitchen work")
    SERVING = "serving", _("Serving and reception")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    CASH_REGISTER = "cash_register", _("Cash register")
    CHILDCARE = "childcare", _("Childcare")
    CARE = "care", _("Care for the elderly or sick")
    BUILDING = "building", _("Building and carpentry")
    PAINTING = "painting", _("Painting")
    ELECTRICAL = "electrical", _("Electrical work")
    PLUMBING = "plumbing", _("Plumbing")
    MECHANICS = "mechanics", _("Mechanics and repairs")
    WELDING = "welding", _("Welding")
    DRIVING = "driving", _("Driving")
    WAREHOUSE = "warehouse", _("Warehouse and logistics")
    FARMING = "farming", _("Farming and animals")
    GARDENING = "gardening", _("Gardening and outdoor maintenance")
    CARETAKING = "caretaking", _("Caretaking and property maintenance")
    SEWING = "sewing", _("Sewing and textiles")
    HAIRDRESSING = "hairdressing", _("Hairdressing and beauty")
    OFFICE = "office", _("Office work")
    COMPUTERS = "computers", _("Computers and IT")
    ACCOUNTING = "accounting", _("Accounting")
    TEACHING = "teaching", _("Teaching")
    INTERPRETING = "interpreting", _("Interpreting and translation")
    SALES = "sales", _("Sales")
    SKI_SLOPES = "ski_slopes", _("Ski slopes and lifts")


class Limit(models.TextChoices):
    """What a person cannot do at work. Limits only: the reason (a diagnosis) belongs to health."""

    NO_HEAVY_LIFTING = "no_heavy_lifting", _("Cannot lift heavy")
    NO_LONG_STANDING = "no_long_standing", _("Cannot stand for long")
    NO_NIGHT_WORK = "no_night_work", _("Cannot work nights")
    NO_SHIFT_WORK = "no_shift_work", _("Cannot work shifts")
    NO_OUTDOOR_COLD = "no_outdoor_cold", _("Cannot work outdoors in the cold")
    NO_HEIGHTS = "no_heights", _("Cannot work at heights")


class PhysicalDemand(models.TextChoices):
    HEAVY_LIFTING = "heavy_lifting", _("Heavy lifting")
    LONG_STANDING = "long_standing", _("Standing for long")
    NIGHT_WORK = "night_work", _("Night work")
    SHIFT_WORK = "shift_work", _("Shift work")
    OUTDOOR_COLD = "outdoor_cold", _("Outdoor work in the cold")
    HEIGHTS = "heights", _("Work at heights")


# Which limit rules out which demand.
LIMIT_FOR_DEMAND = {
    PhysicalDemand.HEAVY_LIFTING: Limit.NO_HEAVY_LIFTING,
    PhysicalDemand.LONG_STANDING: Limit.NO_LONG_STANDING,
    PhysicalDemand.NIGHT_WORK: Limit.NO_NIGHT_WORK,
    PhysicalDemand.SHIFT_WORK: Limit.NO_SHIFT_WORK,
    PhysicalDemand.OUTDOOR_COLD: Limit.NO_OUTDOOR_COLD,
    PhysicalDemand.HEIGHTS: Limit.NO_HEIGHTS,
}


class EmployerKind(models.TextChoices):
    """The sector an employer belongs to."""

    MUNICIPAL = "municipal", _("Municipal department")
    PUBLIC = "public", _("Other public employer")
    PRIVATE = "private", _("Private business")
    VOLUNTARY = "voluntary", _("Voluntary organisation")


class Industry(models.TextChoices):
    HOSPITALITY = "hospitality", _("Hotels, restaurants and tourism")
    SKI_RESORT = "ski_resort", _("Ski resort and outdoor activities")
    CLEANING = "cleaning", _("Cleaning and property services")
    RETAIL = "retail", _("Shops and trade")
    HEALTH_CARE = "health_care", _("Health and care")
    KINDERGARTEN_SCHOOL = "kindergarten_school", _("Kindergartens and schools")
    CONSTRUCTION = "construction", _("Building and construction")
    INDUSTRY = "industry", _("Industry and production")
    TRANSPORT = "transport", _("Transport and storage")
    AGRICULTURE = "agriculture", _("Farming and forestry")
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    OTHER = "other", pgettext_lazy("industry", "Other")


class AgreementKind(models.TextChoices):
    LANGUAGE_PRACTICE = "language_practice", _("Language practice agreement")
    WORK_PRACTICE = "work_practice", _("Work practice agreement")
    MENTORING = "mentoring", _("Mentoring agreement")
    INCLUSION = "inclusion", _("Inclusion agreement")
    OTHER = "other", pgettext_lazy("agreement", "Other")


class ContactKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit at the workplace")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    JOB_FAIR = "job_fair", _("Job fair")


class OpeningKind(models.TextChoices):
    LANGUAGE_PRACTICE = "language_practice", _("Language practice")
    WORK_PRACTICE = "work_practice", _("Work practice")
    TRAINEE = "trainee", _("Trainee")
    TEMPORARY = "temporary", _("Temporary job")
    SEASONAL = "seasonal", _("Seasonal job")
    PERMANENT = "permanent", _("Permanent job")


class OpeningStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("opening", "Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", pgettext_lazy("opening", "Closed")


class RequirementKind(models.TextChoices):
    NORWEGIAN_ORAL = "norwegian_oral", _("Oral Norwegian")
    NORWEGIAN_WRITTEN = "norwegian_written", _("Written Norwegian")
    LICENCE = "licence", _("Driving licence")
    CERTIFICATE = "certificate", _("Certificate")
    EXPERIENCE = "experience", _("Experience in the occupation (years)")
    PHYSICAL = "physical", _("Physical demand")


class PlacementState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    STARTED = "started", _("Started")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PlacementOutcome(models.TextChoices):
    JOB_OFFER = "job_offer", _("Job offer")
    EXTENDED = "extended", _("Extended with a new period")
    EDUCATION = "education", _("Went on to education")
    ENDED = "ended", _("Ended without a job")


class EndReason(models.TextChoices):
    """Why a placement ended without a job. Never a diagnosis: that belongs to health."""

    PERIOD_OVER = "period_over", _("The period was over")
    PARTICIPANT_CHOICE = "participant_choice", _("The participant's choice")
    EMPLOYER_CHOICE = "employer_choice", _("The employer's choice")
    LANGUAGE = "language", _("Norwegian was not yet enough")
    ATTENDANCE = "attendance", _("Attendance")
    MOVED = "moved", _("Moved away")
    OTHER = "other", pgettext_lazy("end reason", "Other")


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Visit at the workplace")
    PHONE = "phone", _("Phone call with the supervisor")
    MEETING = "meeting", _("Three-party meeting")


class NavStatusKind(models.TextChoices):
    """A person's status at Nav for the indicators, over a period (Nav's own record)."""

    WORK = "work", _("In work")
    EDUCATION = "education", _("In education")
    JOB_SEEKER = "job_seeker", _("Job seeker")
    MEASURE = "measure", _("On a Nav measure")
    BENEFIT = "benefit", _("Receives a benefit")

    @classmethod
    def in_work_or_education(cls) -> tuple[str, ...]:
        return (cls.WORK, cls.EDUCATION)
